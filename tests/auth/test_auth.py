"""Sign-in, passwords, one-time codes, CSRF and rate limits."""

from datetime import timedelta

import pytest

from lms.auth.services import (
    AuthError,
    activate_with_code,
    change_password,
    grant_role,
    issue_one_time_code,
)
from lms.core.clock import utcnow
from lms.extensions import db
from tests.conftest import csrf_token_from, login, logout, post_form
from tests.factories import make_cadre, make_user


@pytest.fixture
def cadre_user(org):
    cadre = make_cadre(org.branch_a1, code="CB-HOA", phone="0912000111",
                       full_name="Nguyễn Thị Hoa")
    return make_user("hoa", cadre=cadre)


def test_sign_in_page_is_vietnamese(client):
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html


@pytest.mark.parametrize("name", ["hoa", "HOA", "CB-HOA", "cb-hoa", "0912000111"])
def test_sign_in_by_username_code_or_phone(client, cadre_user, name):
    response = login(client, name)
    assert response.status_code == 302
    assert "Nguyễn Thị Hoa" in client.get("/").get_data(as_text=True)


def test_wrong_password_is_refused_beside_the_field(client, cadre_user):
    response = login(client, "hoa", "wrong-password")
    assert response.status_code == 200
    assert 'class="error"' in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_passwords_are_hashed(cadre_user):
    assert cadre_user.password_hash and "secret-pass" not in cadre_user.password_hash


def test_post_without_csrf_token_gets_400(client, cadre_user):
    response = client.post("/login", data={"login": "hoa", "password": "secret-pass"})
    assert response.status_code == 400
    assert client.get("/").status_code == 302


def test_sign_in_is_rate_limited_per_account(client, cadre_user, app):
    for _ in range(5):
        assert login(client, "hoa", "wrong").status_code == 200
    response = login(client, "hoa", "secret-pass")
    assert response.status_code == 429
    assert "Bạn đã thử quá nhiều lần" in response.get_data(as_text=True)
    # Another account from the same address is not locked by her attempts.
    make_user("other")
    assert login(client, "other").status_code == 302


def test_sign_in_is_rate_limited_per_address(client, org, app):
    limit = int(app.config["LOGIN_LIMIT_PER_ADDRESS"].split()[0])
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    statuses = [client.post("/login", data={"login": f"user{i}", "password": "x",
                                            "csrf_token": token}).status_code
                for i in range(limit + 1)]
    assert statuses[:limit] == [200] * limit
    assert statuses[limit] == 429


def test_session_cookie_flags(client, cadre_user):
    response = login(client, "hoa")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_cookies_are_secure():
    from config import Config, DemoConfig

    assert Config.SESSION_COOKIE_SECURE is True
    assert DemoConfig.SESSION_COOKIE_SECURE is False


def test_change_password(client, cadre_user):
    login(client, "hoa")
    response = post_form(client, "/password", {
        "current_password": "wrong", "new_password": "abcdefgh1", "confirm_password": "abcdefgh1"})
    assert response.status_code == 200
    response = post_form(client, "/password", {
        "current_password": "secret-pass", "new_password": "abcdefgh1",
        "confirm_password": "abcdefgh1"})
    assert response.status_code == 302
    logout(client)
    assert login(client, "hoa", "abcdefgh1").status_code == 302


def test_one_time_code_works_once_and_blocks_the_old_password(app_ctx, cadre_user):
    admin = make_user("admin", "admin")
    code = issue_one_time_code(cadre_user.cadre, admin)
    db.session.commit()
    assert not cadre_user.check_password("secret-pass")
    activate_with_code(cadre_user.cadre, code, "new-password-1")
    db.session.commit()
    assert cadre_user.check_password("new-password-1")
    with pytest.raises(AuthError):
        activate_with_code(cadre_user.cadre, code, "again-password")


def test_expired_one_time_code_is_refused(app_ctx, org):
    cadre = make_cadre(org.branch_a1)
    code = issue_one_time_code(cadre, None)
    user = cadre_user_of(cadre)
    user.one_time_code_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    with pytest.raises(AuthError):
        activate_with_code(cadre, code, "new-password-1")


def cadre_user_of(cadre):
    from lms.auth.models import User

    return db.session.query(User).filter_by(cadre_id=cadre.id).one()


def test_inactive_account_cannot_sign_in(client, cadre_user):
    cadre_user.is_active_account = False
    db.session.commit()
    assert login(client, "hoa").status_code == 200


def test_open_redirect_after_login_is_ignored(client, cadre_user):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login?next=//evil.example/x", data={
        "login": "hoa", "password": "secret-pass", "csrf_token": token})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", [
    "/%09/evil.example/", "//evil.example/", "/\\evil.example/", "https://evil.example/",
    "%0A", "/%0A", "/%0D%0ALocation:%20//evil.example", "javascript:alert(1)", "/\t/evil.example"])
def test_sign_in_never_redirects_off_site(client, cadre_user, target):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post(f"/login?next={target}", data={
        "login": "hoa", "password": "secret-pass", "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_sign_in_returns_to_a_page_of_the_site(client, cadre_user):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    response = client.post("/login?next=/courses?track=it", data={
        "login": "hoa", "password": "secret-pass", "csrf_token": token})
    assert response.headers["Location"] == "/courses?track=it"


def _medians_in_turns(actions, runs=5):
    """The median seconds of each action, the actions timed one after the other in every run,
    so that a busy moment of the machine falls on all of them and not on one."""
    import statistics
    import time

    times = [[] for _ in actions]
    for _ in range(runs):
        for action, spent in zip(actions, times, strict=True):
            start = time.perf_counter()
            action()
            spent.append(time.perf_counter() - start)
    return [statistics.median(spent) for spent in times]


def test_unknown_names_cost_as_much_as_wrong_passwords(app_ctx, app, org):
    from lms.auth.queries import find_cadre_by_login, find_user_by_login
    from lms.auth.services import authenticate

    # The production hash: the point is the work a real password check costs.
    app.config["PASSWORD_HASH_METHOD"] = "argon2id"
    try:
        cadre = make_cadre(org.branch_a1, code="CB-TIME")
        make_user("timed", cadre=cadre, password="an-argon2-hashed-password")
        issue_one_time_code(cadre, None)
        db.session.commit()
        known, unknown = _medians_in_turns((
            lambda: authenticate(find_user_by_login("timed"), "wrong"),
            lambda: authenticate(find_user_by_login("nobody"), "wrong")))
        code_known, code_unknown = _medians_in_turns((
            lambda: _try_activate(find_cadre_by_login("CB-TIME")),
            lambda: _try_activate(find_cadre_by_login("CB-NONE"))))
    finally:
        app.config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:1000"
    # Before, an unknown name answered ~40 times faster; now both do one real hash check.
    assert unknown > known / 2 and code_unknown > code_known / 2


def _try_activate(cadre):
    with pytest.raises(AuthError):
        activate_with_code(cadre, "WRONG123", "new-password-1")


def test_account_changes_are_left_for_the_caller_to_commit(app_ctx, cadre_user):
    from tests.factories import DEFAULT_PASSWORD

    admin = make_user("admin", "admin")
    change_password(cadre_user, DEFAULT_PASSWORD, "new-password-1")
    db.session.rollback()
    assert cadre_user.check_password(DEFAULT_PASSWORD)
    grant_role(cadre_user, "trainer", None, admin)
    db.session.rollback()
    assert not cadre_user.has_role("trainer")


@pytest.fixture
def argon2(app):
    """The production hashing for one test."""
    app.config["PASSWORD_HASH_METHOD"] = "argon2id"
    yield
    app.config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:1000"


def test_passwords_are_hashed_with_argon2id_at_owasp_parameters(app_ctx, argon2):
    user = make_user("moi", password="mat-khau-moi-1")
    assert user.password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert user.check_password("mat-khau-moi-1")
    assert not user.check_password("mat-khau-moi-2")


def test_an_old_scrypt_hash_is_upgraded_at_the_next_sign_in(client, app, org, argon2):
    from werkzeug.security import generate_password_hash

    with app.app_context():
        user = make_user("cu", password="x")
        user.password_hash = generate_password_hash("mat-khau-cu-1", method="scrypt")
        db.session.commit()
        user_id = user.id
    # A wrong password changes nothing.
    assert login(client, "cu", "sai-mat-khau").status_code == 200
    with app.app_context():
        assert db.session.get(type(user), user_id).password_hash.startswith("scrypt:")
    assert login(client, "cu", "mat-khau-cu-1").status_code == 302
    with app.app_context():
        upgraded = db.session.get(type(user), user_id).password_hash
        assert upgraded.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    logout(client)
    # The same password signs in with the new hash, which is not replaced again.
    assert login(client, "cu", "mat-khau-cu-1").status_code == 302
    with app.app_context():
        assert db.session.get(type(user), user_id).password_hash == upgraded


def test_an_argon2_hash_of_weaker_parameters_is_upgraded_too(app_ctx, app, argon2):
    from argon2 import PasswordHasher

    from lms.auth.passwords import needs_rehash

    weak = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash("p")
    assert needs_rehash(weak)
    assert not needs_rehash(make_user("moi", password="p").password_hash)
