"""The organizers' weekly digest: the dashboard's figures, once per organizer and week, at the
admin's day and hour, one computation per unit, and by email with the settings link."""

import re
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import distinct, func, select

from lms.core.decimals import format_percent
from lms.extensions import db
from lms.learning.models import Enrollment
from lms.notifications import digest
from lms.notifications.digest import count_overdue_cadres, digest_slot
from lms.notifications.models import DigestSnapshot, Notification, NotificationSettings
from lms.notifications.queries import get_notification_settings
from lms.notifications.services import queue_digests
from lms.org.models import Cadre, UnitClosure
from lms.org.services import create_unit
from lms.reports.indicators.definitions import Period
from lms.reports.indicators.unit_report import get_unit_report
from tests.conftest import count_statements, login
from tests.factories import enroll, make_cadre, make_course, make_user
from tests.notifications.conftest import deliver_one_email
from tests.reports.helpers import in_person, online

# Monday 7 December 2026, 09:00 in Hanoi (ISO week 2026-W50); the default slot is Monday 07:00.
NOW = datetime(2026, 12, 7, 2, 0)
WEEK = "2026-W50"


@pytest.fixture
def city(org):
    """The city's wards furthest from the target: C 0 %, E 33,3 %, then A and B 50 %; D is on
    target. Courses overdue in the city and in ward A's subtree."""
    ward_c = create_unit("W-C", "Phường Cầu Giấy", "commune", parent=org.city)
    ward_d = create_unit("W-D", "Phường Đống Đa", "commune", parent=org.city)
    ward_e = create_unit("W-E", "Phường Ba Đình", "commune", parent=org.city)
    db.session.commit()
    on = date(2026, 3, 1)
    a = [make_cadre(org.ward_a), make_cadre(org.branch_a1), make_cadre(org.group_a1a),
         make_cadre(org.group_a1a)]
    b = [make_cadre(org.ward_b), make_cadre(org.branch_b1)]
    make_cadre(ward_c)
    d = [make_cadre(ward_d) for _ in range(3)]
    e = [make_cadre(ward_e) for _ in range(3)]
    online(a[0], "association", on)
    in_person([a[1]], "it", on, unit=org.ward_a)
    online(b[0], "association", on)
    in_person(d, "digital", on, unit=ward_d)
    online(e[0], "association", on)
    # Trained only last year: not counted this year.
    online(e[1], "association", date(2025, 6, 1))
    today = date(2026, 12, 7)
    course, other = make_course("Kỹ năng số"), make_course("Pháp luật")
    enroll(a[2], course, due=today - timedelta(days=3))
    enroll(a[2], other, due=today - timedelta(days=30))  # the same cadre: counted once
    enroll(a[3], course, due=today)  # due today: not yet overdue
    enroll(a[1], course, due=today - timedelta(days=3), done=today - timedelta(days=1))
    enroll(b[1], course, due=today - timedelta(days=1))
    gone = make_cadre(org.ward_a, is_active=False)
    enroll(gone, course, due=today - timedelta(days=9))  # inactive: not counted
    org.ward_c, org.ward_d, org.ward_e = ward_c, ward_d, ward_e
    return org


def _digests(user=None):
    query = select(Notification).where(Notification.kind == "digest").order_by(Notification.id)
    if user is not None:
        query = query.where(Notification.user_id == user.id)
    return db.session.scalars(query).all()


def _direct_overdue(unit, today):
    ids = list(db.session.scalars(select(UnitClosure.descendant_id)
                                  .where(UnitClosure.ancestor_id == unit.id)))
    return db.session.scalar(
        select(func.count(distinct(Enrollment.cadre_id))).join(Cadre)
        .where(Cadre.unit_id.in_(ids), Cadre.is_active.is_(True), Enrollment.due_date < today,
               Enrollment.completed_at.is_(None)))


def test_digest_figures_equal_the_dashboards(city):
    chair = make_user("org_city", "organizer", unit=city.city)
    ward = make_user("org_a", "organizer", unit=city.ward_a)
    assert queue_digests(NOW) == 2
    db.session.commit()
    period = Period(2026)
    for user, unit in ((chair, city.city), (ward, city.ward_a)):
        report = get_unit_report(unit.id, period)
        figure = report.figures["annual_training"]
        [notice] = _digests(user)
        assert notice.dedupe_key == f"digest:{unit.id}:{WEEK}"
        snapshot = db.session.get(DigestSnapshot, (unit.id, WEEK))
        assert (snapshot.numerator, snapshot.denominator, snapshot.year) == (
            figure.numerator, figure.denominator, 2026)
        assert snapshot.percent == Decimal(str(figure.percent))
        assert (f"{format_percent(figure.percent)} ({figure.numerator}/{figure.denominator} "
                "cán bộ)") in notice.body
        assert f"{_direct_overdue(unit, date(2026, 12, 7))} cán bộ có khóa học đã quá hạn" \
            in notice.body
        assert notice.link == f"/reports/units/{unit.id}?year=2026"
        assert (f"http://localhost:5000/reports/units/{unit.id}/missing/annual_training"
                "?year=2026") in notice.body
    city_notice = _digests(chair)[0]
    # 7 of 13 active cadres; the furthest wards first, D (on target) not named.
    assert "53,8\u00a0% (7/13 cán bộ)" in city_notice.body
    assert ("Xa chỉ tiêu nhất: Phường Cầu Giấy 0,0\u00a0%; Phường Ba Đình 33,3\u00a0%; "
            "Phường Hoàn Kiếm 50,0\u00a0%.") in city_notice.body
    assert "Chưa có tuần trước để so sánh." in city_notice.body
    assert city_notice.subject == "Bản tin tuần 07/12/2026: Hội LHPN Hà Nội"


def test_the_dashboard_behind_the_links_shows_the_same_figure(client, city):
    make_user("org_city", "organizer", unit=city.city)
    queue_digests(NOW)
    db.session.commit()
    [notice] = _digests()
    login(client, "org_city")
    html = client.get(notice.link).get_data(as_text=True)
    card = re.search(r'<article[^>]*data-indicator="annual_training">.*?'
                     r'data-numerator="(\d+)" data-denominator="(\d+)"', html, re.S)
    assert card.groups() == ("7", "13")
    missing = re.search(r"http://localhost:5000(\S+)", notice.body).group(1)
    assert client.get(missing).status_code == 200


def test_overdue_counts_equal_a_direct_count(city):
    units = [city.city, city.ward_a, city.ward_b, city.branch_a1, city.ward_c]
    today = date(2026, 12, 7)
    counts = count_overdue_cadres({unit.id for unit in units}, today)
    assert counts == {unit.id: _direct_overdue(unit, today) for unit in units}
    assert counts[city.city.id] == 2 and counts[city.ward_a.id] == 1


def test_change_since_last_week(city):
    make_user("org_a", "organizer", unit=city.ward_a)
    queue_digests(NOW)
    db.session.commit()
    # One more of ward A's four cadres trained during the week: 2 of 4 -> 3 of 5.
    online(make_cadre(city.group_a1a), "association", date(2026, 12, 9))
    assert queue_digests(NOW + timedelta(days=7)) == 1
    db.session.commit()
    first, second = _digests()
    assert "Chưa có tuần trước để so sánh." in first.body
    assert "60,0\u00a0% (3/5 cán bộ)" in second.body
    assert "Tăng 10 điểm phần trăm so với tuần trước." in second.body


def test_once_per_organizer_and_week_at_the_admins_slot(city):
    org_user = make_user("org_a", "organizer", unit=city.ward_a)
    make_user("admin", "admin")
    make_user("gone", "organizer", unit=city.ward_b).is_active_account = False
    db.session.commit()
    # Monday 06:30 in Hanoi: before the hour.
    assert queue_digests(datetime(2026, 12, 6, 23, 30)) == 0
    assert queue_digests(NOW) == 1
    # The scheduler's later hours that day, and a retried job: nothing more.
    assert queue_digests(NOW + timedelta(hours=1)) == 0
    assert queue_digests(NOW) == 0
    # Tuesday: not the digest's day.
    assert queue_digests(NOW + timedelta(days=1)) == 0
    db.session.commit()
    assert [n.user_id for n in _digests()] == [org_user.id]


def test_a_missed_hour_catches_up_the_same_day(city):
    db.session.add(NotificationSettings(digest_weekday=2, digest_hour=8))
    make_user("org_a", "organizer", unit=city.ward_a)
    db.session.commit()
    wednesday_7h = datetime(2026, 12, 9, 0, 10)
    assert digest_slot(wednesday_7h, get_notification_settings()) is None
    # The 08:10 run was missed; the 15:10 run writes it.
    assert queue_digests(datetime(2026, 12, 9, 8, 10)) == 1
    assert queue_digests(datetime(2026, 12, 10, 1, 10)) == 0


def test_organizers_of_one_unit_share_one_computation(city, monkeypatch):
    for n in range(3):
        make_user(f"org_city{n}", "organizer", unit=city.city)
    make_user("org_a", "organizer", unit=city.ward_a)
    computed = []
    real = digest.get_unit_report

    def spy(unit_id, period):
        computed.append(unit_id)
        return real(unit_id, period)

    monkeypatch.setattr(digest, "get_unit_report", spy)
    with count_statements() as statements:
        assert queue_digests(NOW) == 4
    assert sorted(computed) == sorted([city.city.id, city.ward_a.id])
    # Ten more organizers of other units cost the same per unit, never per organizer.
    db.session.rollback()
    for n in range(10):
        make_user(f"org_b{n}", "organizer", unit=city.ward_b)
    computed.clear()
    with count_statements() as more:
        assert queue_digests(NOW) == 14
    assert sorted(computed) == sorted([city.city.id, city.ward_a.id, city.ward_b.id])
    per_unit = len(more) - len(statements)
    assert per_unit <= 8, per_unit


def test_digest_email_arrives_with_the_settings_link(city, smtp_inbox):
    cadre = make_cadre(city.ward_a, email="lan@example.vn")
    make_user("org_a", "organizer", unit=city.ward_a, cadre=cadre)
    queue_digests(NOW)
    mail, message, signature = deliver_one_email(smtp_inbox, NOW)
    assert mail["To"] == "lan@example.vn"
    assert mail["Subject"] == "Bản tin tuần 07/12/2026: Phường Hoàn Kiếm"
    assert "(2/5 cán bộ)" in message
    assert f"http://localhost:5000/reports/units/{city.ward_a.id}?year=2026" in message
    assert "/notifications/email/" in signature
    assert mail["List-Unsubscribe"]


def test_the_hourly_periodic_job_writes_the_digest(app, city, tmp_path):
    from lms import tasks
    from lms.core.clock import local_datetime, utcnow
    from lms.extensions import task_queue
    from lms.jobs.models import Job

    task_queue.configure(f"sqlite:///{tmp_path}/tasks.sqlite3")
    try:
        scheduler = tasks.make_consumer(workers=1, periodic=True)._create_scheduler()
        scheduler.loop(datetime(2026, 12, 7, 2, 10))
        due = sorted(task_queue.dequeue().name for _task in range(task_queue.pending_count()))
        assert "queue_digests" in due
        # Due today from midnight, whatever the hour the test runs at.
        db.session.add(NotificationSettings(digest_weekday=local_datetime(utcnow()).weekday(),
                                            digest_hour=0))
        make_user("org_a", "organizer", unit=city.ward_a)
        for _run in range(2):
            task_queue.execute(tasks.PERIODIC["queue_digests"].s())
    finally:
        task_queue.init_app(app)
    runs = db.session.scalars(select(Job).where(Job.kind == "queue_digests")).all()
    assert sorted((run.status, run.result["written"]) for run in runs) == [
        ("done", 0), ("done", 1)]
    assert len(_digests()) == 1
