"""A cadre on her phone turns reminder emails off on her email settings page."""

from playwright.sync_api import expect
from sqlalchemy import select

from lms.extensions import db
from lms.notifications.models import EmailChoice
from tests.e2e.conftest import has_horizontal_scroll, laid_out_box, sign_in
from tests.factories import DEFAULT_PASSWORD
from tests.learning.helpers import make_learner


def test_cadre_turns_reminder_emails_off(org, page, tmp_path):
    _cadre, user = make_learner(org.branch_a1, username="mai.nt", email="mai@example.vn")

    sign_in(page, "mai.nt", DEFAULT_PASSWORD)
    page.locator(".mainnav a.bell").click()
    page.get_by_role("link", name="Cài đặt email").click()
    expect(page.get_by_role("heading", name="Cài đặt email")).to_be_visible()
    reminders = page.get_by_label("Nhắc học trước và sau hạn hoàn thành")
    expect(reminders).to_be_checked()
    # The assignment notice is shown as always on, and cannot be unticked.
    expect(page.get_by_label("Khóa học được giao cho tôi")).to_be_disabled()
    # The whole label is the tap target.
    label = page.locator("label.check", has_text="Nhắc học trước và sau hạn hoàn thành")
    assert laid_out_box(label)["height"] >= 44
    assert not has_horizontal_scroll(page)
    page.screenshot(path=str(tmp_path / "email-settings-360.png"), full_page=True)

    label.click()
    expect(reminders).not_to_be_checked()
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".flash-success")).to_contain_text(
        "Đã lưu cài đặt email của bạn.")
    page.reload()
    expect(page.get_by_label("Nhắc học trước và sau hạn hoàn thành")).not_to_be_checked()
    db.session.expire_all()
    assert db.session.scalars(select(EmailChoice.kind).where(
        EmailChoice.user_id == user.id, EmailChoice.by_email.is_(False))).all() == ["reminder"]
