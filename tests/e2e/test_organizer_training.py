"""A ward organizer records an in-person session on her phone and adds two attendees found by
searching without diacritics; both are listed, and a cadre of another ward is never offered."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import has_horizontal_scroll, sign_in
from tests.factories import DEFAULT_PASSWORD, make_cadre, make_user


def _search(page, term):
    page.fill("input[name=q]", term)
    page.locator("form.cadre-search button[type=submit]").click()


def test_organizer_records_a_session_and_adds_two_attendees(org, page, live_server):
    make_user("tochuc.hoankiem", role="organizer", unit=org.ward_a)
    hang = make_cadre(org.branch_a1, full_name="Đỗ Thị Hằng")
    lan = make_cadre(org.group_a1a, full_name="Vũ Thị Lan")
    make_cadre(org.branch_b1, full_name="Đỗ Thị Hồng")
    sign_in(page, "tochuc.hoankiem", DEFAULT_PASSWORD)

    page.goto("/training")
    page.locator("main a[href='/training/new']").click()
    page.fill("input[name=title]", "Tập huấn kỹ năng chuyển đổi số")
    page.select_option("select[name=track]", "digital")
    page.fill("input[name=held_on]", "2024-04-02")
    page.fill("input[name=hours]", "3.5")
    page.fill("input[name=unit_code]", "B-A1")
    page.locator("main button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"{live_server}/training/\d+$"))
    session_url = page.url
    attendees = page.locator("table.attendee-list tbody tr[data-cadre]")
    expect(attendees).to_have_count(0)

    _search(page, "do thi h")
    results = page.locator("form.add-attendees input[name=cadre_ids]")
    expect(results).to_have_count(1)  # ward B's Đỗ Thị Hồng is not offered
    results.first.check()
    page.locator("form.add-attendees button[type=submit]").click()
    expect(page).to_have_url(session_url)
    expect(attendees).to_have_count(1)

    _search(page, str(lan.code))
    page.locator(f"form.add-attendees input[value='{lan.id}']").check()
    page.locator("form.add-attendees button[type=submit]").click()
    expect(attendees).to_have_count(2)
    listed = page.locator("table.attendee-list")
    expect(listed).to_contain_text(hang.full_name)
    expect(listed).to_contain_text(lan.full_name)
    assert not has_horizontal_scroll(page)

    page.goto("/training")
    expect(page.locator("table.session-list .attendee-count")).to_have_text(["2"])
