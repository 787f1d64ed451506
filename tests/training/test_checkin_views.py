"""QR check-in pages: the organizer opens, shows and closes it; a cadre's phone opens the code's
link (signing in first if needed) and checks in with one tap; who may do what."""

import re
from datetime import datetime, timedelta
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from lms.auth.services import issue_one_time_code
from lms.core.clock import local_date
from lms.extensions import db
from lms.training.checkin import make_code, step_at
from lms.training.models import Attendance, TrainingSession
from lms.training.services import open_checkin
from tests.conftest import csrf_token_from, login, post_form
from tests.factories import make_cadre, make_session, make_user

# 10:00 in Hanoi on the day of the session.
NOW = datetime(2026, 3, 15, 3, 0, 0)
TODAY = local_date(NOW)
STEP = step_at(NOW)


@pytest.fixture
def clock(monkeypatch):
    """The time the check-in code reads; tests move it with clock.now."""
    state = SimpleNamespace(now=NOW)
    for module in ("lms.training.checkin_views", "lms.training.views", "lms.training.services"):
        monkeypatch.setattr(f"{module}.utcnow", lambda: state.now)
    return state


@pytest.fixture
def session_today(org, clock):
    return make_session(org.ward_a, title="Tập huấn chuyển đổi số", held_on=TODAY)


@pytest.fixture
def opened(session_today):
    open_checkin(session_today, now=NOW)
    db.session.commit()
    return session_today


@pytest.fixture
def cadre_browser(app, client, org):
    """A second browser, signed in as Hoa, a cadre of ward A."""
    hoa = make_cadre(org.branch_a1, full_name="Trần Thị Hoa")
    make_user("hoa", cadre=hoa)
    browser = app.test_client()
    login(browser, "hoa")
    browser.cadre = hoa
    return browser


def link(session, step=STEP):
    return f"/training/checkin/{session.id}/{step}/{make_code(session, step)}"


def outcome(response):
    match = re.search(r'data-outcome="(\w+)"', response.get_data(as_text=True))
    assert match, response.get_data(as_text=True)[:500]
    return match.group(1)


def attendance(session):
    return db.session.execute(select(Attendance.cadre_id, Attendance.source)
                              .where(Attendance.session_id == session.id)).all()


def tap(browser, url):
    """Tap the big button of the page at `url`."""
    return post_form(browser, url)


def test_the_session_page_offers_check_in_only_on_its_day(organizer_a, org, session_today):
    html = organizer_a.get(f"/training/{session_today.id}").get_data(as_text=True)
    assert f'action="/training/{session_today.id}/checkin/open"' in html
    other_day = make_session(org.ward_a, held_on=TODAY + timedelta(days=1))
    html = organizer_a.get(f"/training/{other_day.id}").get_data(as_text=True)
    assert "/checkin/open" not in html
    assert "16/03/2026" in html
    response = post_form(organizer_a, f"/training/{other_day.id}/checkin/open",
                         form_url=f"/training/{session_today.id}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/training/{other_day.id}"
    assert db.session.get(TrainingSession, other_day.id).checkin_secret is None


def test_the_organizer_opens_a_full_screen_code_that_links_to_check_in(organizer_a, app,
                                                                        session_today):
    url = f"/training/{session_today.id}"
    response = post_form(organizer_a, f"{url}/checkin/open", form_url=url)
    assert response.headers["Location"] == f"{url}/checkin"
    db.session.refresh(session_today)
    assert session_today.checkin_opened_at == NOW and session_today.checkin_secret
    html = organizer_a.get(f"{url}/checkin").get_data(as_text=True)
    expected = app.config["BASE_URL"] + link(session_today)
    assert f'data-checkin-url="{expected}"' in html
    assert f'href="{expected}"' in html  # the link for people who cannot scan
    assert '<svg viewBox="0 0 ' in html and 'class="mainnav"' not in html
    assert "js/checkin.js" in html and 'http-equiv="refresh"' in html
    assert f'action="{url}/checkin/close"' in html


def test_the_screen_status_follows_the_step_and_the_check_ins(organizer_a, cadre_browser,
                                                              opened, clock):
    status = organizer_a.get(f"/training/{opened.id}/checkin/status")
    assert status.headers["Cache-Control"] == "no-store"
    data = status.get_json()
    assert (data["open"], data["step"], data["count"], data["names"]) == (True, STEP, 0, [])
    assert data["url"].endswith(link(opened)) and data["svg"].startswith("<svg")
    assert data["next_in"] == 30
    tap(cadre_browser, link(opened))
    clock.now = NOW + timedelta(seconds=31)
    data = organizer_a.get(f"/training/{opened.id}/checkin/status").get_json()
    assert data["step"] == STEP + 1 and data["url"].endswith(link(opened, STEP + 1))
    assert data["count"] == 1
    assert data["names"] == [{"name": "Trần Thị Hoa", "unit": "Chi hội Tổ dân phố 1",
                              "time": "10:00", "source": "qr", "source_label": "Quét mã QR"}]


def test_a_cadre_checks_in_with_one_tap_once(cadre_browser, organizer_a, opened):
    url = link(opened)
    page = cadre_browser.get(url)
    assert outcome(page) == "ready"
    assert "Điểm danh" in page.get_data(as_text=True)
    assert attendance(opened) == []  # a GET (a link preview) records nothing
    done = tap(cadre_browser, url)
    assert outcome(done) == "recorded"
    assert "Đã điểm danh: Tập huấn chuyển đổi số, 15/03/2026" in done.get_data(as_text=True)
    assert attendance(opened) == [(cadre_browser.cadre.id, "qr")]
    assert outcome(cadre_browser.get(url)) == "already"
    again = tap(cadre_browser, url)
    assert outcome(again) == "already"
    assert "Bạn đã điểm danh rồi" in again.get_data(as_text=True)
    assert len(attendance(opened)) == 1
    session_page = organizer_a.get(f"/training/{opened.id}").get_data(as_text=True)
    assert f'<tr data-cadre="{cadre_browser.cadre.id}">' in session_page
    assert 'data-source="qr"' in session_page


def test_signing_in_brings_her_back_and_the_code_holds_meanwhile(app, client, org, opened,
                                                                 clock):
    make_user("lan", cadre=make_cadre(org.ward_a, full_name="Vũ Thị Lan"))
    url = link(opened)
    response = client.get(url)
    assert response.status_code == 302
    target = response.headers["Location"]
    assert urlsplit(target).path == "/login" and f"next={url.replace('/', '%2F')}" in target
    # She takes two minutes to sign in: the code on the screen has moved on.
    clock.now = NOW + timedelta(minutes=2)
    token = csrf_token_from(client.get(target).get_data(as_text=True))
    signed_in = client.post(target, data={"login": "lan", "password": "secret-pass",
                                          "csrf_token": token})
    assert signed_in.headers["Location"] == url
    assert outcome(client.get(url)) == "ready"
    assert outcome(tap(client, url)) == "recorded"
    # A phone that never saw the code while it was valid gets nothing from it now.
    other = app.test_client()
    make_user("mai", cadre=make_cadre(org.ward_a))
    login(other, "mai")
    assert outcome(other.get(url)) == "expired"


def test_a_first_sign_in_with_a_one_time_code_brings_her_back_too(client, org, opened):
    cadre = make_cadre(org.ward_a, code="CB-NEW")
    code = issue_one_time_code(cadre, None)
    db.session.commit()
    url = link(opened)
    login_page = client.get(client.get(url).headers["Location"]).get_data(as_text=True)
    activate = re.search(r'href="(/activate\?next=[^"]+)"', login_page).group(1)
    token = csrf_token_from(client.get(activate).get_data(as_text=True))
    response = client.post(activate.replace("&amp;", "&"), data={
        "login": "CB-NEW", "one_time_code": code, "new_password": "mat-khau-moi-1",
        "confirm_password": "mat-khau-moi-1", "csrf_token": token})
    assert response.headers["Location"] == url
    assert outcome(tap(client, url)) == "recorded"
    assert attendance(opened) == [(cadre.id, "qr")]


def test_a_stale_code_is_refused(cadre_browser, opened):
    stale = link(opened, STEP - 3)
    page = cadre_browser.get(stale)
    assert outcome(page) == "expired"
    assert "Mã đã hết hạn, hãy quét lại mã trên màn hình" in page.get_data(as_text=True)
    assert outcome(tap(cadre_browser, stale)) == "expired"
    assert attendance(opened) == []


def test_the_code_expires_between_scan_and_tap_only_after_the_pass(cadre_browser, opened,
                                                                   clock):
    url = link(opened)
    assert outcome(cadre_browser.get(url)) == "ready"
    clock.now = NOW + timedelta(minutes=6)
    assert outcome(tap(cadre_browser, url)) == "expired"
    assert attendance(opened) == []


def test_a_code_of_another_session_is_refused(cadre_browser, org, opened):
    other = make_session(org.ward_a, held_on=TODAY)
    open_checkin(other, now=NOW)
    db.session.commit()
    borrowed = f"/training/checkin/{other.id}/{STEP}/{make_code(opened, STEP)}"
    assert outcome(cadre_browser.get(borrowed)) == "invalid"
    assert outcome(tap(cadre_browser, borrowed)) == "invalid"
    assert outcome(cadre_browser.get(f"/training/checkin/999999/{STEP}/abcdefghij")) == "invalid"
    assert db.session.scalar(select(func.count(Attendance.id))) == 0


def test_closing_stops_the_codes_and_the_screen(organizer_a, cadre_browser, opened):
    url = f"/training/{opened.id}"
    response = post_form(organizer_a, f"{url}/checkin/close", form_url=f"{url}/checkin")
    assert response.headers["Location"] == url
    page = cadre_browser.get(link(opened))
    assert outcome(page) == "closed" and "Điểm danh đã đóng" in page.get_data(as_text=True)
    assert organizer_a.get(f"{url}/checkin/status").get_json() == {
        "open": False, "session_url": url}
    assert organizer_a.get(f"{url}/checkin").headers["Location"] == url
    assert "/checkin/open" in organizer_a.get(url).get_data(as_text=True)  # open again
    assert attendance(opened) == []


def test_an_account_without_a_cadre_is_told_so(organizer_a, opened):
    page = organizer_a.get(link(opened))
    assert outcome(page) == "not_a_cadre"
    assert outcome(tap(organizer_a, link(opened))) == "not_a_cadre"
    assert attendance(opened) == []


def test_a_cadre_cannot_open_show_or_close_check_in(cadre_browser, session_today):
    url = f"/training/{session_today.id}"
    token = csrf_token_from(cadre_browser.get("/").get_data(as_text=True))
    for path in ("/checkin/open", "/checkin/close"):
        assert cadre_browser.post(url + path, data={"csrf_token": token}).status_code == 403
    for path in ("/checkin", "/checkin/status"):
        assert cadre_browser.get(url + path).status_code == 403
    assert db.session.get(TrainingSession, session_today.id).checkin_secret is None


def test_an_organizer_of_another_ward_sees_nothing(app, client, org, opened):
    make_user("org_b", role="organizer", unit=org.ward_b)
    login(client, "org_b")
    url = f"/training/{opened.id}"
    token = csrf_token_from(client.get("/training").get_data(as_text=True))
    for path in ("/checkin/open", "/checkin/close"):
        assert client.post(url + path, data={"csrf_token": token}).status_code == 404
    for path in ("/checkin", "/checkin/status"):
        assert client.get(url + path).status_code == 404
    assert db.session.get(TrainingSession, opened.id).checkin_closed_at is None


def test_signed_out_browsers_are_sent_to_sign_in(client, opened):
    for path in ("/checkin", "/checkin/status"):
        response = client.get(f"/training/{opened.id}{path}")
        assert urlsplit(response.headers["Location"]).path == "/login"


def test_a_check_in_without_the_forms_token_is_refused(cadre_browser, opened):
    response = cadre_browser.post(link(opened))
    assert response.status_code == 400
    assert attendance(opened) == []
