"""A cadre on her phone sees the course she was assigned in the bell, then opens it."""

from datetime import date

from playwright.sync_api import expect

from lms.extensions import db
from lms.learning.services import create_assignment
from tests.e2e.conftest import has_horizontal_scroll, sign_in
from tests.factories import DEFAULT_PASSWORD
from tests.learning.helpers import make_course, make_learner


def test_cadre_sees_her_assignment_in_the_bell(org, page, live_server, tmp_path):
    make_learner(org.branch_a1, username="mai.nt", full_name="Nguyễn Thị Mai")
    course = make_course(title="An toàn thông tin cho cán bộ Hội")
    create_assignment(course, org.ward_a, due_date=date(2026, 12, 31))
    db.session.commit()

    sign_in(page, "mai.nt", DEFAULT_PASSWORD)
    bell = page.locator(".mainnav a.bell")
    expect(bell.locator(".count")).to_have_text("1")
    assert not has_horizontal_scroll(page)
    page.screenshot(path=str(tmp_path / "bell-360.png"))
    bell.click()
    expect(page).to_have_url(f"{live_server}/notifications")
    notice = page.locator("article.notification.is-unread")
    expect(notice).to_contain_text("An toàn thông tin cho cán bộ Hội")
    expect(notice).to_contain_text("31/12/2026")
    assert not has_horizontal_scroll(page)
    page.screenshot(path=str(tmp_path / "notifications-360.png"), full_page=True)
    expect(page.locator(".mainnav a.bell .count")).to_have_count(0)
    notice.get_by_role("link").click()
    expect(page).to_have_url(f"{live_server}/courses/{course.slug}")
