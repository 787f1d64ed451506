"""Sign-in limits: only failures count, per account across all its names, per real client
address behind a trusted proxy; the same for first sign-in and certificate verification."""

from contextlib import contextmanager

import pytest

from lms.app_setup import trust_proxies
from lms.auth.services import issue_one_time_code
from lms.extensions import db
from tests.conftest import csrf_token_from, login
from tests.factories import make_cadre, make_user
from tests.learning.cert_helpers import make_certificate

PROXY = "10.0.0.2"


@contextmanager
def behind_one_proxy(app):
    """The app as deployed behind LMS_TRUSTED_PROXIES=1."""
    saved = app.wsgi_app
    app.config["TRUSTED_PROXIES"] = 1
    trust_proxies(app)
    try:
        yield
    finally:
        app.wsgi_app = saved
        app.config["TRUSTED_PROXIES"] = 0


def sign_in_from(app, address, name, password="secret-pass"):
    """A fresh browser at client `address`, reaching the app through the proxy."""
    browser = app.test_client()
    headers = {"X-Forwarded-For": address}
    environ = {"REMOTE_ADDR": PROXY}
    page = browser.get("/login", headers=headers, environ_base=environ)
    token = csrf_token_from(page.get_data(as_text=True))
    return browser.post("/login", data={"login": name, "password": password,
                                        "csrf_token": token},
                        headers=headers, environ_base=environ)


def wrong(client, name):
    return login(client, name, "wrong-password").status_code


@pytest.fixture
def hoa(org):
    cadre = make_cadre(org.branch_a1, code="CB-HOA", phone="0912000111")
    return make_user("hoa", cadre=cadre)


def test_a_hall_of_100_cadres_behind_one_proxy_all_sign_in(app, org):
    # Without the proxy's header every one of them would share the proxy's one address.
    users = [make_user(f"hall{i}", cadre=make_cadre(org.branch_a1)) for i in range(100)]
    with behind_one_proxy(app):
        # Someone at one address keeps mistyping until she is stopped ...
        limit = int(app.config["LOGIN_LIMIT_PER_ADDRESS"].split()[0])
        statuses = [sign_in_from(app, "203.0.113.250", f"nobody{i}", "x").status_code
                    for i in range(limit + 1)]
        assert statuses[-1] == 429 and set(statuses[:-1]) == {200}
        # ... and the hall, at 100 other addresses, is not held up by her.
        results = [sign_in_from(app, f"203.0.113.{i}", user.username).status_code
                   for i, user in enumerate(users)]
    assert results == [302] * 100


def test_correct_sign_ins_do_not_use_up_the_address_budget(client, app, org):
    limit = int(app.config["LOGIN_LIMIT_PER_ADDRESS"].split()[0])
    users = [make_user(f"ward{i}") for i in range(limit + 5)]
    # One ward office, one address, everyone typing correctly.
    assert [login(app.test_client(), user.username).status_code for user in users] == (
        [302] * len(users))


def test_forwarded_header_is_ignored_without_a_trusted_proxy(client, app, org):
    limit = int(app.config["LOGIN_LIMIT_PER_ADDRESS"].split()[0])
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    statuses = [client.post("/login", data={"login": f"x{i}", "password": "x",
                                            "csrf_token": token},
                            headers={"X-Forwarded-For": f"198.51.100.{i}"}).status_code
                for i in range(limit + 1)]
    assert statuses[-1] == 429


def test_failures_on_one_account_count_across_all_its_names(client, hoa):
    names = ["hoa", "CB-HOA", "0912000111", "cb-hoa", "HOA"]
    assert [wrong(client, name) for name in names] == [200] * 5
    # Five failures in all: every name of hers is now held, even with the right password.
    for name in ("hoa", "0912000111", "CB-HOA"):
        assert login(client, name).status_code == 429
    make_user("other")
    assert login(client, "other").status_code == 302


def test_first_sign_in_shares_the_account_budget(client, hoa, org):
    issue_one_time_code(hoa.cadre, None)
    db.session.commit()
    token = csrf_token_from(client.get("/activate").get_data(as_text=True))
    for name in ("CB-HOA", "0912000111", "cb-hoa"):
        response = client.post("/activate", data={
            "login": name, "one_time_code": "WRONG123", "new_password": "new-password-1",
            "confirm_password": "new-password-1", "csrf_token": token})
        assert response.status_code == 200
    assert wrong(client, "hoa") == 200 and wrong(client, "0912000111") == 200
    assert wrong(client, "hoa") == 429


def test_verification_counts_only_codes_not_found(client, app, org):
    limit = int(app.config["VERIFY_LIMIT_PER_ADDRESS"].split()[0])
    certificate = make_certificate(org.branch_a1)
    # An employer checking many real certificates is never held up ...
    assert {client.get(f"/verify/{certificate.code}").status_code
            for _ in range(limit + 5)} == {200}
    # ... while guessing is stopped.
    statuses = [client.get("/verify/HN-AAAA-BBBB-CCCC").status_code for _ in range(limit + 1)]
    assert statuses[-1] == 429 and set(statuses[:-1]) == {404}
