"""The admin's notification settings page and each user's email settings page."""

import re
from datetime import datetime

import pytest
from sqlalchemy import select

from lms.core.models import AuditLog
from lms.extensions import db
from lms.notifications.kinds import NEW_KINDS
from lms.notifications.models import EmailChoice, NotificationKindSetting, NotificationSettings
from lms.notifications.queries import get_email_choices, get_notification_settings
from lms.notifications.texts import email_settings_path
from tests.conftest import csrf_token_from, login, post_form
from tests.factories import make_cadre, make_user
from tests.learning.helpers import make_learner

ADMIN_PAGE = "/admin/notifications"


@pytest.fixture
def introduced(app_ctx):
    for kind in NEW_KINDS:
        db.session.add(NotificationKindSetting(kind=kind, introduced_at=datetime(2026, 12, 1)))
    db.session.commit()


def _boxes(html):
    """{name: ticked} of the page's enabled check boxes; the disabled ones under "always"."""
    found = {}
    for tag in re.findall(r'<input[^>]*type="checkbox"[^>]*>', html):
        name = re.search(r'name="([^"]+)"', tag)
        found[name.group(1) if name else "always"] = "checked" in tag
    return found


@pytest.mark.parametrize("who", ["anonymous", "cadre", "organizer"])
def test_admin_page_is_for_admins_only(client, org, who):
    make_learner(org.ward_a, username="cadre")
    make_user("organizer", "organizer", unit=org.city)
    if who != "anonymous":
        login(client, who)
    # A valid form token, from a page this visitor may open.
    token = csrf_token_from(client.get("/login" if who == "anonymous" else "/")
                            .get_data(as_text=True))
    for response in (client.get(ADMIN_PAGE),
                     client.post(ADMIN_PAGE, data={"digest_weekday": "2", "digest_hour": "8",
                                                   "csrf_token": token}),
                     client.post(f"{ADMIN_PAGE}/kinds/digest",
                                 data={"on": "1", "csrf_token": token})):
        assert response.status_code == (302 if who == "anonymous" else 403)
    assert db.session.scalars(select(NotificationSettings)).all() == []
    assert db.session.scalars(select(NotificationKindSetting)).all() == []


def test_admin_sets_the_digest_schedule(client, org):
    make_user("admin", "admin")
    login(client, "admin")
    page = client.get(ADMIN_PAGE).get_data(as_text=True)
    # The defaults: Monday, 07:00.
    assert re.search(r'<option selected value="0">Thứ Hai</option>', page)
    assert re.search(r'<option selected value="7">07:00</option>', page)
    response = post_form(client, ADMIN_PAGE, {"digest_weekday": "4", "digest_hour": "16"},
                         follow_redirects=True)
    assert "Đã lưu cài đặt thông báo." in response.get_data(as_text=True)
    settings = get_notification_settings()
    assert (settings.digest_weekday, settings.digest_hour) == (4, 16)
    assert db.session.scalar(select(AuditLog.detail).where(
        AuditLog.action == "notifications.digest_schedule")) == {"weekday": 4, "hour": 16}
    # An hour that does not exist is refused.
    post_form(client, ADMIN_PAGE, {"digest_weekday": "4", "digest_hour": "25"})
    assert get_notification_settings().digest_hour == 16


def test_admin_switches_a_new_kind(client, org, introduced):
    admin = make_user("admin", "admin")
    login(client, "admin")
    page = client.get(ADMIN_PAGE).get_data(as_text=True)
    assert page.count("Bật gửi email cho các tài khoản có từ trước") == len(NEW_KINDS)
    assert "Chỉ gửi email cho tài khoản tạo từ 01/12/2026 07:00." in page
    post_form(client, f"{ADMIN_PAGE}/kinds/digest", {"on": "1"}, form_url=ADMIN_PAGE)
    setting = db.session.get(NotificationKindSetting, "digest")
    assert setting.switched_on_at is not None and setting.switched_on_by_id == admin.id
    page = client.get(ADMIN_PAGE).get_data(as_text=True)
    assert "Gửi email cho mọi tài khoản từ" in page and "(admin)" in page
    assert "Tắt lại cho các tài khoản có từ trước" in page
    post_form(client, f"{ADMIN_PAGE}/kinds/digest", {"on": "0"}, form_url=ADMIN_PAGE)
    assert db.session.get(NotificationKindSetting, "digest").switched_on_at is None
    assert db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all() == [
        "notifications.kind_email_on", "notifications.kind_email_off"]
    # Only new kinds have a switch; a post without its token is refused.
    assert post_form(client, f"{ADMIN_PAGE}/kinds/reminder", {"on": "1"},
                     form_url=ADMIN_PAGE).status_code == 404
    assert client.post(f"{ADMIN_PAGE}/kinds/digest", data={"on": "1"}).status_code == 400
    assert post_form(client, f"{ADMIN_PAGE}/kinds/digest", {"on": "yes"},
                     form_url=ADMIN_PAGE).status_code == 400


def test_a_learner_chooses_her_optional_emails(client, org, introduced):
    _cadre, user = make_learner(org.ward_a, username="mai")
    path = email_settings_path(user.id)
    page = client.get(path).get_data(as_text=True)
    # Her account is newer than the kinds: on by default; the assignment notice always on.
    assert _boxes(page) == {"always": True, "reminder": True, "programme_reminder": True,
                            "completed": True}
    assert "Luôn gửi qua email." in page and "Bản tin tuần" not in page
    client.post(path, data={"csrf_token": csrf_token_from(page), "reminder": "y"})
    assert get_email_choices(user.id, ["reminder", "completed"]) == {
        "reminder": True, "completed": False}
    assert sorted(db.session.scalars(select(EmailChoice.kind))) == ["completed",
                                                                    "programme_reminder"]
    assert _boxes(client.get(path).get_data(as_text=True))["completed"] is False


def test_organizer_kinds_only_for_those_who_organize(client, org, introduced):
    organizer = make_user("org_a", "organizer", unit=org.ward_a)
    both = make_user("org_b", "organizer", unit=org.ward_b, cadre=make_cadre(org.ward_b))
    assert _boxes(client.get(email_settings_path(organizer.id)).get_data(as_text=True)) == {
        "digest": True, "session_tomorrow": True, "job_done": True}
    assert set(_boxes(client.get(email_settings_path(both.id)).get_data(as_text=True))) == {
        "always", "reminder", "programme_reminder", "completed", "digest", "session_tomorrow",
        "job_done"}


def test_the_settings_link_is_signed_for_one_user(client, org):
    _cadre, mai = make_learner(org.ward_a, username="mai")
    _cadre, lan = make_learner(org.ward_a, username="lan")
    path = email_settings_path(mai.id)
    assert client.get(path[:-2] + "zz").status_code == 404
    assert client.get("/notifications/email/" + "x" * 20).status_code == 404
    # Her link changes her choices only, whoever is signed in.
    login(client, "lan")
    page = client.get(path).get_data(as_text=True)
    client.post(path, data={"csrf_token": csrf_token_from(page)})
    assert get_email_choices(mai.id, ["reminder"]) == {"reminder": False}
    assert get_email_choices(lan.id, ["reminder"]) == {"reminder": True}
    # Without the form's token nothing is saved.
    client.post(email_settings_path(lan.id), data={})
    assert get_email_choices(lan.id, ["reminder"]) == {"reminder": True}


def test_the_notifications_page_links_to_her_settings(client, org):
    _cadre, user = make_learner(org.ward_a, username="mai")
    login(client, "mai")
    page = client.get("/notifications").get_data(as_text=True)
    assert f'href="{email_settings_path(user.id)}"' in page
