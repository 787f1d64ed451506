"""The outbox: written with its event, reminders once per step, each delivery sent once."""

import re
import threading
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from lms.extensions import db
from lms.learning.services import create_assignment, record_completion
from lms.notifications.models import Notification, NotificationDelivery
from lms.notifications.services import deliver_pending, queue_due_reminders, reminder_step
from tests.factories import make_course
from tests.learning.helpers import make_learner

# 09:00 in Hanoi on 1 December 2026 (stored as UTC).
NOW = datetime(2026, 12, 1, 2, 0)


def _notifications(user=None):
    query = select(Notification).order_by(Notification.id)
    if user is not None:
        query = query.where(Notification.user_id == user.id)
    return db.session.scalars(query).all()


def _deliveries(channel):
    return db.session.scalars(select(NotificationDelivery).where(
        NotificationDelivery.channel == channel).order_by(NotificationDelivery.id)).all()


def test_assignment_writes_the_notice_in_its_transaction(org):
    cadre, user = make_learner(org.ward_a, email="hoa@example.vn")
    course = make_course("An toàn thông tin")
    create_assignment(course, org.ward_a, due_date=date(2026, 12, 31))
    db.session.commit()
    [notice] = _notifications(user)
    assert notice.kind == "assigned"
    assert "An toàn thông tin" in notice.body and "31/12/2026" in notice.body
    assert notice.link == f"/courses/{course.slug}"
    assert [d.status for d in _deliveries("in_app")] == ["sent"]
    # No mail server configured: the notice stays in the app.
    assert _deliveries("email") == []


def test_rolled_back_assignment_leaves_no_notification(org):
    make_learner(org.ward_a)
    course = make_course()
    create_assignment(course, org.ward_a, due_date=date(2026, 12, 31))
    db.session.flush()
    assert len(_notifications()) == 1
    db.session.rollback()
    assert _notifications() == []
    assert db.session.scalar(select(func.count()).select_from(NotificationDelivery)) == 0


def test_assigned_once_however_often_the_unit_is_synchronised(org):
    from lms.learning.services import sync_assignments

    _cadre, user = make_learner(org.ward_a)
    create_assignment(make_course(), org.ward_a)
    sync_assignments(unit_id=org.city.id)
    db.session.commit()
    assert len(_notifications(user)) == 1


@pytest.mark.parametrize(("due", "step"), [
    (date(2026, 12, 20), None), (date(2026, 12, 8), "7d"), (date(2026, 12, 6), "7d"),
    (date(2026, 12, 4), "3d"), (date(2026, 12, 2), "1d"), (date(2026, 12, 1), "0d"),
    (date(2026, 11, 28), None), (date(2026, 11, 24), "w1"), (date(2026, 11, 10), "w3"),
])
def test_reminder_steps(due, step):
    assert reminder_step(due, date(2026, 12, 1)) == step


def test_reminder_due_today_written_and_sent_once(org, smtp_inbox):
    _cadre, user = make_learner(org.ward_a, email="hoa@example.vn")
    course = make_course("Kỹ năng số")
    create_assignment(course, org.ward_a, due_date=date(2026, 12, 1))
    db.session.commit()
    for _run in range(2):
        queue_due_reminders(NOW)
        deliver_pending(NOW)
        db.session.commit()
    reminders = [n for n in _notifications(user) if n.kind == "reminder"]
    assert [n.dedupe_key.rsplit(":", 1)[1] for n in reminders] == ["0d"]
    assert {d.status for d in _deliveries("email")} == {"sent"}
    # The assignment notice and today's reminder, each once.
    assert len(smtp_inbox) == 2
    mail = smtp_inbox[1]
    assert mail["To"] == "hoa@example.vn"
    assert "Kỹ năng số" in mail["Subject"]
    body = mail.get_content()
    assert "01/12/2026" in body and "Kỹ năng số" in body
    # One link in the message; the signature below "-- " holds the email settings link.
    message, signature = body.split("\n-- \n")
    assert message.count("http") == 1 and f"http://localhost:5000/courses/{course.slug}" in message
    assert "/notifications/email/" in signature


def _run_in_thread(app, results, start):
    with app.app_context():
        try:
            start.wait()
            queue_due_reminders(NOW)
            db.session.commit()
            results.append(deliver_pending(NOW))
            db.session.commit()
        finally:
            db.session.remove()


def test_reminder_due_today_sent_once_with_two_workers_and_a_retried_job(app, org, smtp_inbox):
    make_learner(org.ward_a, email="a@example.vn")
    make_learner(org.ward_a, email="b@example.vn")
    create_assignment(make_course("Kỹ năng số"), org.ward_a, due_date=date(2026, 12, 1))
    db.session.commit()
    results = []
    start = threading.Barrier(2)
    workers = [threading.Thread(target=_run_in_thread, args=(app, results, start))
               for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(results) == 2
    # The job retried after both ran (a worker lost, the queue delivered it again).
    _run_in_thread(app, results, threading.Barrier(1))
    db.session.expire_all()
    reminders = [n for n in _notifications() if n.kind == "reminder"]
    assert sorted(n.dedupe_key.rsplit(":", 1)[1] for n in reminders) == ["0d", "0d"]
    due_today = [m["To"] for m in smtp_inbox if m["Subject"] == "Hôm nay hết hạn: Kỹ năng số"]
    assert sorted(due_today) == ["a@example.vn", "b@example.vn"]
    # With the two assignment notices, each email once.
    assert len(smtp_inbox) == 4
    assert [d.attempts for d in _deliveries("email")] == [1, 1, 1, 1]


def test_overdue_reminder_weekly_until_completed(org):
    cadre, user = make_learner(org.ward_a)
    course = make_course("Pháp luật")
    create_assignment(course, org.ward_a, due_date=date(2026, 11, 1))
    db.session.commit()

    def run_on(day):
        queue_due_reminders(datetime(day.year, day.month, day.day, 2, 0))
        db.session.commit()
        return [n.dedupe_key.rsplit(":", 1)[1] for n in _notifications(user)
                if n.kind == "reminder"]

    assert run_on(date(2026, 11, 8)) == ["w1"]
    assert run_on(date(2026, 11, 10)) == ["w1"]
    assert run_on(date(2026, 11, 15)) == ["w1", "w2"]
    overdue = _notifications(user)[-1]
    assert "01/11/2026" in overdue.body and "Pháp luật" in overdue.body
    record_completion(cadre, course, datetime(2026, 11, 16, 2, 0))
    db.session.commit()
    assert run_on(date(2026, 11, 22)) == ["w1", "w2"]


def test_no_reminder_for_a_completed_course(org):
    cadre, user = make_learner(org.ward_a)
    course = make_course()
    create_assignment(course, org.ward_a, due_date=date(2026, 12, 1))
    record_completion(cadre, course, datetime(2026, 11, 30, 2, 0))
    db.session.commit()
    queue_due_reminders(NOW)
    db.session.commit()
    assert [n.kind for n in _notifications(user)] == ["assigned", "completed"]


def test_failed_email_is_retried_then_given_up(app, org):
    make_learner(org.ward_a, email="hoa@example.vn")
    create_assignment(make_course(), org.ward_a)
    db.session.commit()
    # A port where nothing listens: the connection is refused.
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=9)
    try:
        create_assignment(make_course(), org.ward_a)
        db.session.commit()
        statuses = []
        for _run in range(3):
            deliver_pending(NOW)
            db.session.commit()
            statuses.append([(d.status, d.attempts) for d in _deliveries("email")])
    finally:
        app.config.update(MAIL_SERVER=None, MAIL_PORT=25)
    assert statuses == [[("pending", 1)], [("pending", 2)], [("failed", 3)]]
    assert _deliveries("email")[0].error


def _ticked(page, name):
    box = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert box, f"no box {name}"
    return "checked" in box.group(0)


def test_email_settings_link_turns_reminders_off_but_not_notices(client, org, smtp_inbox):
    from tests.conftest import csrf_token_from

    _cadre, user = make_learner(org.ward_a, email="hoa@example.vn")
    create_assignment(make_course("Kỹ năng số"), org.ward_a, due_date=date(2026, 12, 1))
    db.session.commit()
    deliver_pending(NOW)
    db.session.commit()
    [notice] = smtp_inbox
    link = next(word for word in notice.get_content().split() if "/notifications/email/" in word)
    assert notice["List-Unsubscribe"].strip() == f"<{link}>"
    path = link.removeprefix("http://localhost:5000")
    # Opens without signing in; the reminders' box is ticked until she unticks it.
    page = client.get(path).get_data(as_text=True)
    assert _ticked(page, "reminder")
    client.post(path, data={"csrf_token": csrf_token_from(page), "completed": "y"})
    assert not _ticked(client.get(path).get_data(as_text=True), "reminder")
    assert client.get(path[:-3] + "xyz").status_code == 404

    queue_due_reminders(NOW)
    deliver_pending(NOW)
    db.session.commit()
    assert [n.kind for n in _notifications(user)] == ["assigned", "reminder"]
    assert len(smtp_inbox) == 1
    assert len(_deliveries("in_app")) == 2
