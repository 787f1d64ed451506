"""Browser sessions end for real: sign-out, password change, a reset by code, and
"sign out everywhere else" make every copy of the session cookie worthless."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from lms.auth.models import UserSession
from lms.auth.services import issue_one_time_code
from lms.core.clock import utcnow
from lms.extensions import db
from tests.conftest import csrf_token_from, login, logout, post_form
from tests.factories import make_cadre, make_user


@pytest.fixture
def hoa(org):
    return make_user("hoa", cadre=make_cadre(org.branch_a1))


def copy_of(app, browser):
    """Another browser holding a copy of `browser`'s session cookie (as a thief would)."""
    thief = app.test_client()
    thief.set_cookie("session", browser.get_cookie("session").value)
    return thief


def signed_in(browser):
    return browser.get("/").status_code == 200


def test_a_copied_cookie_dies_at_sign_out(client, app, hoa):
    login(client, "hoa")
    thief = copy_of(app, client)
    assert signed_in(thief)
    logout(client)
    assert not signed_in(thief)


def test_changing_the_password_signs_out_every_other_browser(client, app, hoa):
    login(client, "hoa")
    phone = app.test_client()
    login(phone, "hoa")
    thief = copy_of(app, phone)
    response = post_form(client, "/password", {
        "current_password": "secret-pass", "new_password": "abcdefgh1",
        "confirm_password": "abcdefgh1"})
    assert response.status_code == 302
    assert signed_in(client)
    assert not signed_in(phone) and not signed_in(thief)


def test_a_reset_by_one_time_code_signs_out_every_browser(client, app, hoa):
    login(client, "hoa")
    thief = copy_of(app, client)
    issue_one_time_code(hoa.cadre, None)
    db.session.commit()
    assert not signed_in(client) and not signed_in(thief)


def test_sign_out_everywhere_else_keeps_this_browser(client, app, hoa):
    login(client, "hoa")
    phone = app.test_client()
    login(phone, "hoa")
    page = client.get("/password").get_data(as_text=True)
    assert "1 thiết bị khác" in page
    response = client.post("/sessions/sign-out-elsewhere",
                           data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    assert signed_in(client) and not signed_in(phone)
    assert "không đăng nhập trên thiết bị nào khác" in client.get("/password").get_data(
        as_text=True)


def test_an_idle_session_expires_and_old_rows_are_dropped(client, app, hoa):
    login(client, "hoa")
    idle = utcnow() - timedelta(days=app.config["SESSION_IDLE_DAYS"] + 1)
    db.session.execute(update(UserSession).values(last_seen_at=idle))
    db.session.commit()
    assert not signed_in(client)
    login(client, "hoa")
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 1


def test_the_cookie_holds_no_reusable_secret_of_the_database(client, hoa):
    login(client, "hoa")
    stored = db.session.scalar(select(UserSession.token_hash))
    assert stored not in client.get_cookie("session").value
