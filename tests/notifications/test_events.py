"""Notices of events: a course completed (in the completion's transaction, with the
certificate's link) and a training session tomorrow (to its creator and its unit's
organizers, once)."""

from datetime import date, datetime

from sqlalchemy import func, select

from lms.extensions import db
from lms.learning.models import Certificate, CourseCompletion
from lms.learning.services import complete_lesson, record_completion
from lms.notifications.models import Notification, NotificationDelivery
from lms.notifications.services import queue_session_reminders
from tests.conftest import login
from tests.factories import enroll, make_cadre, make_course, make_session, make_user
from tests.learning.helpers import lessons_of, make_learner

# 09:00 in Hanoi on 14 March 2024: sessions held on 15 March are tomorrow.
NOW = datetime(2024, 3, 14, 2, 0)


def _notices(kind):
    return db.session.scalars(select(Notification).where(Notification.kind == kind)
                              .order_by(Notification.user_id)).all()


def test_completing_the_last_lesson_tells_her_with_the_certificate(client, org):
    cadre, user = make_learner(org.ward_a, username="mai")
    course = make_course("An toàn thông tin", lessons=2)
    enroll(cadre, course)
    for lesson in lessons_of(course):
        complete_lesson(cadre, lesson, at=datetime(2026, 12, 30, 16, 30))
    db.session.commit()
    [notice] = _notices("completed")
    certificate = db.session.scalar(select(Certificate))
    assert notice.user_id == user.id
    assert notice.subject == "Đã hoàn thành: An toàn thông tin"
    # 23:30 in Hanoi on 30 December.
    assert notice.body == ("Bạn đã hoàn thành khóa học “An toàn thông tin” ngày 30/12/2026. "
                           "Chứng nhận:")
    assert notice.link == f"/certificates/{certificate.code}.pdf"
    login(client, "mai")
    assert client.get(notice.link).status_code == 200


def test_a_rolled_back_completion_leaves_no_notice(org):
    cadre, _user = make_learner(org.ward_a)
    course = make_course()
    # The completion is the transaction's first write, in a savepoint: on SQLite too the
    # transaction must have begun before it, or releasing the savepoint would commit it.
    record_completion(cadre, course, datetime(2026, 12, 1, 2, 0))
    db.session.flush()
    assert len(_notices("completed")) == 1
    db.session.rollback()
    assert _notices("completed") == []
    assert db.session.scalar(select(func.count()).select_from(CourseCompletion)) == 0
    assert db.session.scalar(select(func.count()).select_from(NotificationDelivery)) == 0


def test_completed_twice_is_told_once_and_no_account_no_notice(org):
    cadre, _user = make_learner(org.ward_a)
    course = make_course()
    record_completion(cadre, course, datetime(2026, 12, 1, 2, 0))
    record_completion(cadre, course, datetime(2026, 12, 2, 2, 0))
    record_completion(make_cadre(org.ward_a), course, datetime(2026, 12, 1, 2, 0))
    db.session.commit()
    assert len(_notices("completed")) == 1


def test_session_tomorrow_tells_its_creator_and_its_units_organizers_once(org):
    creator = make_user("trainer_a", "organizer", unit=org.city)
    ward = make_user("org_a", "organizer", unit=org.ward_a)
    make_user("org_b", "organizer", unit=org.ward_b)
    make_user("org_branch", "organizer", unit=org.branch_a1)
    session = make_session(org.ward_a, title="Tập huấn chuyển đổi số",
                           held_on=date(2024, 3, 15), actor=creator)
    make_session(org.ward_a, title="Hôm nay", held_on=date(2024, 3, 14), actor=creator)
    make_session(org.ward_b, title="Tuần sau", held_on=date(2024, 3, 22))
    assert queue_session_reminders(NOW) == 2
    # The next hourly runs and a retried job write nothing more.
    assert queue_session_reminders(NOW) == 0
    db.session.commit()
    notices = _notices("session_tomorrow")
    assert sorted(n.user_id for n in notices) == sorted([creator.id, ward.id])
    notice = notices[0]
    assert notice.dedupe_key == f"session:{session.id}:2024-03-15"
    assert notice.subject == "Ngày mai: Tập huấn chuyển đổi số"
    assert notice.body == ("Ngày mai (15/03/2024) có buổi tập huấn “Tập huấn chuyển đổi số” "
                           "của Phường Hoàn Kiếm — nhớ ghi danh sách người dự.")
    assert notice.link == f"/training/{session.id}"


def test_the_creator_who_is_also_the_units_organizer_gets_one(client, org):
    ward = make_user("org_a", "organizer", unit=org.ward_a)
    session = make_session(org.ward_a, held_on=date(2024, 3, 15), actor=ward)
    # Late at night in Hanoi (23:30 on the 14th) it is still the day before.
    assert queue_session_reminders(datetime(2024, 3, 14, 16, 30)) == 1
    db.session.commit()
    [notice] = _notices("session_tomorrow")
    login(client, "org_a")
    assert client.get(notice.link).status_code == 200
    assert notice.link == f"/training/{session.id}"
