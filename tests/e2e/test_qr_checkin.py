"""QR check-in on the day, on phones: the organizer opens the check-in screen, a cadre's phone
opens the code's link, signs in, comes back and checks in with one tap; the organizer's count
goes to 1 by itself; a code three steps old is refused."""

import re

from playwright.sync_api import expect

from lms.core.clock import local_today, utcnow
from lms.extensions import db
from lms.training.checkin import make_code, step_at
from lms.training.models import TrainingSession
from tests.e2e.conftest import PHONE_VIEWPORT, has_horizontal_scroll, laid_out_box, sign_in
from tests.factories import DEFAULT_PASSWORD, make_cadre, make_session, make_user


def test_organizer_shows_the_code_and_a_cadre_checks_in(org, app, browser, page, live_server,
                                                        monkeypatch):
    # The links on the screen point at this server, as BASE_URL does in production.
    monkeypatch.setitem(app.config, "BASE_URL", live_server)
    make_user("tochuc.hoankiem", role="organizer", unit=org.ward_a)
    hoa = make_cadre(org.branch_a1, full_name="Trần Thị Hoa")
    make_user("hoa.tt", cadre=hoa)
    session = make_session(org.ward_a, title="Tập huấn chuyển đổi số", held_on=local_today())
    session_id, held_on = session.id, f"{session.held_on:%d/%m/%Y}"

    sign_in(page, "tochuc.hoankiem", DEFAULT_PASSWORD)
    page.goto(f"/training/{session_id}")
    page.locator(f"form[action='/training/{session_id}/checkin/open'] button").click()
    expect(page).to_have_url(f"{live_server}/training/{session_id}/checkin")
    qr = page.locator("#checkin-qr svg")
    expect(qr).to_be_visible()
    assert laid_out_box(qr)["width"] >= 300  # nearly the phone's whole width
    expect(page.locator("nav.mainnav")).to_have_count(0)  # full screen: no menu
    expect(page.locator("#checkin-count")).to_have_text("0")
    assert not has_horizontal_scroll(page)
    link = page.locator("#checkin-screen").get_attribute("data-checkin-url")
    assert re.fullmatch(rf"{live_server}/training/checkin/{session_id}/\d+/[\w-]{{10}}", link)

    phone = browser.new_context(viewport=PHONE_VIEWPORT, base_url=live_server, locale="vi-VN")
    phone.set_default_timeout(10_000)
    cadre_page = phone.new_page()
    try:
        # Her phone is not signed in yet: sign-in first, then back to the code.
        cadre_page.goto(link)
        expect(cadre_page).to_have_url(re.compile(rf"{live_server}/login\?next="))
        cadre_page.fill("input[name=login]", "hoa.tt")
        cadre_page.fill("input[name=password]", DEFAULT_PASSWORD)
        cadre_page.locator("main button[type=submit]").click()
        expect(cadre_page).to_have_url(link)
        button = cadre_page.locator("button.checkin-button")
        expect(button).to_have_text("Điểm danh")
        assert laid_out_box(button)["height"] >= 100
        assert not has_horizontal_scroll(cadre_page)

        # A code three steps (90 seconds) old: refused, nothing recorded.
        db.session.expire_all()
        opened = db.session.get(TrainingSession, session_id)
        stale_step = step_at(utcnow()) - 3
        cadre_page.goto(f"/training/checkin/{session_id}/{stale_step}/"
                        f"{make_code(opened, stale_step)}")
        expect(cadre_page.locator(".checkin-big")).to_have_text(
            "Mã đã hết hạn, hãy quét lại mã trên màn hình")
        expect(cadre_page.locator("button.checkin-button")).to_have_count(0)
        expect(page.locator("#checkin-count")).to_have_text("0")

        cadre_page.goto(link)
        cadre_page.locator("button.checkin-button").click()
        expect(cadre_page.locator(".checkin-big")).to_have_text(
            f"✓ Đã điểm danh: Tập huấn chuyển đổi số, {held_on}")
        assert not has_horizontal_scroll(cadre_page)
    finally:
        phone.close()

    # The organizer's screen counts her without a reload.
    expect(page.locator("#checkin-count")).to_have_text("1")
    expect(page.locator("#checkin-names li")).to_have_count(1)
    expect(page.locator("#checkin-names")).to_contain_text("Trần Thị Hoa")
    page.screenshot(path="/tmp/checkin-screen.png", full_page=True)
