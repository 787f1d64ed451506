"""Programme reminders on the hand-built city of tests/training/programme_helpers.py: the
cadres of a published programme who have not done it hear, 7, 3 and 1 days before its due
date, on the day and once the day after, what they still lack; once per step, whoever runs
the job how often; one statement per programme."""

import threading
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from lms.extensions import db
from lms.notifications import services
from lms.notifications.models import Notification, NotificationDelivery
from lms.notifications.services import programme_reminder_step, queue_programme_reminders
from tests.conftest import count_statements
from tests.factories import make_user
from tests.learning.helpers import make_learner
from tests.notifications.conftest import deliver_one_email
from tests.training.programme_helpers import build_city, complete, make_programme, workshop

TITLE = "Bồi dưỡng nghiệp vụ công tác Hội"
DUE = date(2026, 11, 30)


def at(day, hour=9):
    """The naive UTC moment of `hour` o'clock in Hanoi on `day`."""
    return datetime(day.year, day.month, day.day, hour - 7)


SEVEN_DAYS_BEFORE = at(date(2026, 11, 23))
# What each cadre lacks (the city's programme: R1 Law, R2 IT-1 or IT-2, R3 8 h digital).
LAW = "Hoàn thành khóa học Luật bình đẳng giới"
IT = "Hoàn thành một trong các khóa học: An toàn thông tin, Tin học văn phòng"


def hours(left):
    return (f"Còn {left} giờ: Ít nhất 8 giờ bồi dưỡng lĩnh vực Chuyển đổi số, trực tuyến hoặc "
            "trực tiếp")


@pytest.fixture
def city(org):
    city = build_city(org)
    city.programme.title = TITLE
    for name in ("a1", "a2", "a3", "a4", "b1", "b2"):
        cadre = getattr(city, name)
        setattr(city, f"user_{name}", make_user(f"hv_{name}", cadre=cadre))
    db.session.commit()
    return city


def _reminders(user=None):
    query = (select(Notification).where(Notification.kind == "programme_reminder")
             .order_by(Notification.id))
    if user is not None:
        query = query.where(Notification.user_id == user.id)
    return db.session.scalars(query).all()


def _recipients(city):
    names = {getattr(city, f"user_{name}").id: name for name in ("a1", "a2", "a3", "a4", "b1",
                                                                  "b2")}
    return sorted(names.get(notice.user_id, "another") for notice in _reminders())


def test_steps():
    assert [programme_reminder_step(DUE, day) for day in (
        date(2026, 11, 22), date(2026, 11, 23), date(2026, 11, 25), date(2026, 11, 27),
        date(2026, 11, 29), DUE, date(2026, 12, 1), date(2026, 12, 7), date(2026, 12, 8))] == [
        None, "7d", "7d", "3d", "1d", "0d", "overdue", "overdue", None]


def test_seven_days_before_each_cadre_not_done_hears_what_she_lacks(city):
    # a1 has done it; b2 is inactive: neither is reminded. a2, a3, a4, b1 are due soon.
    assert queue_programme_reminders(SEVEN_DAYS_BEFORE) == 4
    db.session.commit()
    assert _recipients(city) == ["a2", "a3", "a4", "b1"]
    key = f"programme:{city.programme.id}:2026-11-30:7d"
    assert {notice.dedupe_key for notice in _reminders()} == {key}
    [cuc] = _reminders(city.user_a3)
    assert cuc.subject == f"Nhắc việc: {TITLE}, hạn 30/11/2026"
    assert cuc.body == (
        f"Chương trình bồi dưỡng năm 2026 “{TITLE}” còn 7 ngày đến hạn (30/11/2026). "
        f"Chị còn thiếu: {LAW}; {IT}; {hours(5)}.")
    assert cuc.link == "/"
    # Law in 2025 does not count in 2026: a2 lacks all three, the whole 8 hours.
    assert _reminders(city.user_a2)[0].body.endswith(f"Chị còn thiếu: {LAW}; {IT}; {hours(8)}.")
    # b1 has Law of 2026 (from before she moved to ward B).
    assert _reminders(city.user_b1)[0].body.endswith(f"Chị còn thiếu: {IT}; {hours(8)}.")


def test_a_rerun_or_a_second_worker_writes_nothing_more(city):
    assert queue_programme_reminders(SEVEN_DAYS_BEFORE) == 4
    # The same hour again (a retried job), and later in the 7-day step's window.
    assert queue_programme_reminders(SEVEN_DAYS_BEFORE) == 0
    assert queue_programme_reminders(at(date(2026, 11, 25))) == 0
    db.session.commit()
    assert len(_reminders()) == 4


def test_two_workers_at_once_write_each_reminder_once(app, city, monkeypatch):
    # Both read who is due before either writes: the unique key settles it.
    barrier = threading.Barrier(2)
    write = services.write_notifications

    def write_after_both_read(kind, rows, at):
        barrier.wait(timeout=10)
        return write(kind, rows, at)

    monkeypatch.setattr(services, "write_notifications", write_after_both_read)
    written, errors = [], []

    def worker():
        with app.app_context():
            try:
                written.append(queue_programme_reminders(SEVEN_DAYS_BEFORE))
                db.session.commit()
            except Exception as error:  # reported below, so the test fails with the cause
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(written) == [0, 4]
    assert len(_reminders()) == 4
    assert db.session.scalar(select(func.count()).select_from(NotificationDelivery)) == 4


def test_each_step_once_then_the_overdue_notice_once(city):
    runs = {day: queue_programme_reminders(at(day)) for day in (
        date(2026, 11, 23), date(2026, 11, 27), date(2026, 11, 29), DUE, date(2026, 12, 1),
        date(2026, 12, 2), date(2026, 12, 9))}
    db.session.commit()
    # 7d, 3d, 1d, on the day, overdue the day after; nothing on the second day overdue, nor
    # once the overdue notice's catch-up week is over.
    assert list(runs.values()) == [4, 4, 4, 4, 4, 0, 0]
    notices = _reminders(city.user_a4)
    assert [notice.dedupe_key.rsplit(":", 1)[1] for notice in notices] == [
        "7d", "3d", "1d", "0d", "overdue"]
    assert [notice.subject for notice in notices[3:]] == [
        f"Hôm nay là hạn cuối: {TITLE}", f"Quá hạn: {TITLE}"]
    assert notices[1].body.startswith(
        f"Chương trình bồi dưỡng năm 2026 “{TITLE}” còn 3 ngày đến hạn (30/11/2026).")
    assert notices[3].body.startswith(
        f"Hôm nay, 30/11/2026, là hạn cuối của chương trình bồi dưỡng năm 2026 “{TITLE}”.")
    assert notices[4].body == (
        f"Chương trình bồi dưỡng năm 2026 “{TITLE}” đã hết hạn ngày 30/11/2026. "
        f"Chị còn thiếu: {LAW}; {IT}; {hours(8)}. Đề nghị chị sớm hoàn thành.")


def test_a_late_scheduler_still_sends_the_overdue_notice_once(city):
    assert queue_programme_reminders(at(date(2026, 12, 4))) == 4
    assert queue_programme_reminders(at(date(2026, 12, 5))) == 0


def test_the_cadre_who_finishes_hears_no_more(city):
    queue_programme_reminders(SEVEN_DAYS_BEFORE)
    # b1 completes IT-1 and 8 h of digital training: done.
    complete(city.b1, city.courses.it1, date(2026, 11, 24))
    workshop([city.b1], "digital", date(2026, 11, 25), 8, "WS-B1")
    assert queue_programme_reminders(at(date(2026, 11, 27))) == 3
    db.session.commit()
    assert [notice.dedupe_key[-2:] for notice in _reminders(city.user_b1)] == ["7d"]


def test_a_draft_programme_reminds_nobody(org, city):
    # Withdrawn from publication, the city's programme is a draft like the ward's new one.
    city.programme.status = "draft"
    make_programme(org.ward_a, city.courses, publish=False)
    db.session.commit()
    assert queue_programme_reminders(SEVEN_DAYS_BEFORE) == 0


def test_only_the_cadres_in_scope_of_a_limited_programme(org, city):
    # A ward B programme for full-time cadres only: b1 is not one, a new full-time cadre is
    # (and she is in the city's programme too).
    _cadre, user = make_learner(org.branch_b1, username="hv_ft", is_full_time=True)
    ward = make_programme(org.ward_b, city.courses, due=date(2026, 11, 27), only_full_time=True)
    assert queue_programme_reminders(SEVEN_DAYS_BEFORE) == 4 + 1 + 1
    db.session.commit()
    assert _recipients(city) == ["a2", "a3", "a4", "another", "another", "b1"]
    ward_notice, city_notice = sorted(_reminders(user), key=lambda n: n.dedupe_key != (
        f"programme:{ward.id}:2026-11-27:7d"))
    assert ward_notice.dedupe_key == f"programme:{ward.id}:2026-11-27:7d"
    assert "còn 4 ngày đến hạn (27/11/2026)" in ward_notice.body
    assert city_notice.dedupe_key == f"programme:{city.programme.id}:2026-11-30:7d"


def test_one_statement_per_programme_however_many_cadres(org, city):
    db.session.expire_all()
    with count_statements() as statements:
        queue_programme_reminders(SEVEN_DAYS_BEFORE)
    db.session.rollback()
    for _n in range(10):
        make_learner(org.group_a1a)
    db.session.expire_all()
    with count_statements() as more:
        assert queue_programme_reminders(SEVEN_DAYS_BEFORE) == 14
    # The programmes with their requirements and courses (3), the cadres of the one
    # programme (1), the notifications and their deliveries in the app and by email (3).
    assert len(statements) == len(more) == 7


def test_english_for_a_learner_who_reads_english(city):
    city.user_a2.locale = "en"
    db.session.commit()
    queue_programme_reminders(SEVEN_DAYS_BEFORE)
    [notice] = _reminders(city.user_a2)
    assert notice.subject == f"Reminder: {TITLE}, due 30/11/2026"
    assert notice.body == (
        f"The 2026 training programme “{TITLE}” is due in 7 days, on 30/11/2026. You still "
        "lack: Complete the course Luật bình đẳng giới; Complete one of these courses: An toàn "
        "thông tin, Tin học văn phòng; 8 more hours: At least 8 hours of training in Digital "
        "transformation, online or in person.")


def test_the_reminder_arrives_by_email_with_her_home_link(city, smtp_inbox):
    city.a3.email = "cuc@example.vn"
    db.session.commit()
    queue_programme_reminders(SEVEN_DAYS_BEFORE)
    mail, message, signature = deliver_one_email(smtp_inbox, SEVEN_DAYS_BEFORE)
    assert mail["To"] == "cuc@example.vn"
    assert mail["Subject"] == f"Nhắc việc: {TITLE}, hạn 30/11/2026"
    assert f"Chị còn thiếu: {LAW}; {IT}; {hours(5)}." in message
    assert message.rstrip().endswith("http://localhost:5000/")
    assert "/notifications/email/" in signature


def test_the_hourly_reminder_job_writes_them(app, city):
    from lms import tasks
    from lms.core.clock import local_today
    from lms.extensions import task_queue
    from lms.jobs.models import Job

    # Due in 3 days from whenever the test runs; the 2026 programme out of the way.
    today = local_today()
    city.programme.status = "draft"
    make_programme(city.programme.unit, city.courses, year=today.year,
                   due=date.fromordinal(today.toordinal() + 3))
    for _run in range(2):
        task_queue.execute(tasks.PERIODIC["queue_due_reminders"].s())
    runs = db.session.scalars(select(Job).where(Job.kind == "queue_due_reminders")).all()
    assert sorted(run.result["programmes"] for run in runs) == [0, 4]
