"""Kinds and email choices: a new kind's email is off for accounts older than the kind until an
admin turns it on, on for accounts created since; a user's own choice always wins; the notice
in the app is always written."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from lms.core.models import AuditLog
from lms.extensions import db
from lms.learning.services import create_assignment, record_completion
from lms.notifications.kinds import KINDS, NEW_KINDS, OPTIONAL_EMAIL_KINDS
from lms.notifications.models import (
    EmailChoice,
    Notification,
    NotificationDelivery,
    NotificationKindSetting,
)
from lms.notifications.queries import get_email_choices
from lms.notifications.services import (
    deliver_pending,
    set_email_choices,
    switch_kind_email,
)
from tests.conftest import login, post_form
from tests.factories import make_course, make_user
from tests.learning.helpers import make_learner

INTRODUCED = datetime(2026, 12, 1, 0, 0)
NOW = datetime(2026, 12, 7, 2, 0)


@pytest.fixture
def introduced(app_ctx):
    """The new kinds as the migration records them: introduced on 1 December 2026."""
    for kind in NEW_KINDS:
        db.session.add(NotificationKindSetting(kind=kind, introduced_at=INTRODUCED))
    db.session.commit()


def _learner(unit, name, created_at):
    _cadre, user = make_learner(unit, username=name, email=f"{name}@example.vn")
    user.created_at = created_at
    db.session.commit()
    return user


def _emailed(kind):
    """Usernames with an email delivery of a notification of this kind."""
    return sorted(db.session.scalars(
        select(Notification.user_id).join(NotificationDelivery)
        .where(Notification.kind == kind, NotificationDelivery.channel == "email")).all())


def _noticed(kind):
    return sorted(db.session.scalars(select(Notification.user_id)
                                     .where(Notification.kind == kind)).all())


def _complete(users, course):
    for user in users:
        record_completion(user.cadre, course, NOW)
    db.session.commit()


def test_registry():
    assert KINDS["assigned"].optional_email is False
    assert "reminder" in OPTIONAL_EMAIL_KINDS and not KINDS["reminder"].is_new
    assert set(NEW_KINDS) == {"completed", "digest", "session_tomorrow", "job_done",
                              "programme_reminder"}
    assert all(KINDS[kind].optional_email for kind in NEW_KINDS)


def test_new_kind_off_for_older_accounts_on_for_newer(app, org, introduced, smtp_inbox):
    old = _learner(org.ward_a, "cu", INTRODUCED - timedelta(days=30))
    new = _learner(org.ward_a, "moi", INTRODUCED + timedelta(hours=1))
    _complete([old, new], make_course("Kỹ năng số"))
    assert _noticed("completed") == sorted([old.id, new.id])
    assert _emailed("completed") == [new.id]
    # An existing kind keeps today's behaviour: reminders by email for both.
    assert get_email_choices(old.id, ["reminder", "completed"]) == {
        "reminder": True, "completed": False}
    assert get_email_choices(new.id, ["reminder", "completed"]) == {
        "reminder": True, "completed": True}

    switch_kind_email("completed", True, None, NOW)
    db.session.commit()
    _complete([old], make_course("Pháp luật"))
    assert _emailed("completed") == sorted([old.id, new.id])
    deliver_pending(NOW)
    db.session.commit()
    assert sorted(m["To"] for m in smtp_inbox) == ["cu@example.vn", "moi@example.vn"]


def test_her_own_choice_always_wins(app, org, introduced, smtp_inbox):
    old = _learner(org.ward_a, "cu", INTRODUCED - timedelta(days=30))
    new = _learner(org.ward_a, "moi", INTRODUCED + timedelta(hours=1))
    set_email_choices(old.id, {"completed": True}, NOW)
    set_email_choices(new.id, {"completed": False}, NOW)
    db.session.commit()
    _complete([old, new], make_course())
    assert _emailed("completed") == [old.id]
    switch_kind_email("completed", True, None, NOW)
    db.session.commit()
    _complete([new], make_course())
    assert _emailed("completed") == [old.id]
    # In the app she has both.
    assert _noticed("completed").count(new.id) == 2


def test_only_changed_choices_are_stored(org, introduced):
    old = _learner(org.ward_a, "cu", INTRODUCED - timedelta(days=30))
    # The page sends every box; "completed" left as shown (off) stores nothing, so the
    # admin's switch still reaches her.
    assert set_email_choices(old.id, {"reminder": False, "completed": False}, NOW) == 1
    db.session.commit()
    assert db.session.scalars(select(EmailChoice.kind)).all() == ["reminder"]
    switch_kind_email("completed", True, None, NOW)
    db.session.commit()
    assert get_email_choices(old.id, ["reminder", "completed"]) == {
        "reminder": False, "completed": True}


def test_the_assignment_notice_cannot_be_turned_off(org):
    _cadre, user = make_learner(org.ward_a, email="hoa@example.vn")
    set_email_choices(user.id, {"assigned": False}, NOW)
    db.session.commit()
    assert db.session.scalars(select(EmailChoice)).all() == []


def test_switch_off_again_and_audit(org, introduced):
    admin = make_user("admin", "admin")
    old = _learner(org.ward_a, "cu", INTRODUCED - timedelta(days=30))
    switch_kind_email("digest", True, admin, NOW)
    db.session.commit()
    assert get_email_choices(old.id, ["digest"]) == {"digest": True}
    switch_kind_email("digest", False, admin, NOW)
    db.session.commit()
    assert get_email_choices(old.id, ["digest"]) == {"digest": False}
    actions = db.session.scalars(select(AuditLog.action).order_by(AuditLog.id)).all()
    assert actions == ["notifications.kind_email_on", "notifications.kind_email_off"]
    with pytest.raises(ValueError):
        switch_kind_email("reminder", True, admin, NOW)


def test_without_the_migrations_row_no_account_predates_a_kind(org):
    old = _learner(org.ward_a, "cu", INTRODUCED - timedelta(days=30))
    assert get_email_choices(old.id, ["completed"]) == {"completed": True}


def test_real_smtp_admin_turns_a_new_kind_on(client, org, introduced, smtp_inbox):
    """Through the pages: no email to the older account until the admin's switch."""
    make_user("admin", "admin")
    old = _learner(org.ward_a, "cu", INTRODUCED - timedelta(days=30))
    new = _learner(org.ward_a, "moi", INTRODUCED + timedelta(hours=1))
    create_assignment(make_course("Kỹ năng số"), org.ward_a, due_date=date(2026, 12, 31))
    db.session.commit()
    _complete([old, new], make_course("An toàn thông tin"))
    deliver_pending(NOW)
    db.session.commit()
    completed = [m for m in smtp_inbox if m["Subject"].startswith("Đã hoàn thành")]
    assert [m["To"] for m in completed] == ["moi@example.vn"]
    # The assignment notice goes to both, whatever the kind's switch.
    assert sorted(m["To"] for m in smtp_inbox if m["Subject"].startswith("Khóa học mới")) == [
        "cu@example.vn", "moi@example.vn"]

    login(client, "admin")
    response = post_form(client, "/admin/notifications/kinds/completed", {"on": "1"},
                         form_url="/admin/notifications", follow_redirects=True)
    assert "nay được gửi cho mọi tài khoản chưa tắt" in response.get_data(as_text=True)
    smtp_inbox.clear()
    _complete([old], make_course("Pháp luật"))
    deliver_pending(NOW)
    db.session.commit()
    [mail] = smtp_inbox
    assert mail["To"] == "cu@example.vn" and "Pháp luật" in mail["Subject"]
