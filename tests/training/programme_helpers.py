"""A hand-built city for the programme tests, its trainings worked out by hand.

Programme "P" of the city for 2026, due 30/11/2026:
  R1 the course Law; R2 one of IT-1, IT-2; R3 at least 8 hours of digital training.
Cadres:
  a1 (ward A)      Law, IT-1, a 4 h digital course and a 4 h digital workshop: done
  a2 (branch A1)   Law in 2025 only: nothing counts in 2026
  a3 (group A1A)   a 3 h digital workshop: some hours toward R3
  b1 (branch B1)   moved from ward A mid-year; Law in 2026
  b2 (branch B1)   inactive: not in the programme
  a4 (ward A)      joined after the due date, nothing yet
"""

from datetime import date, datetime, time
from decimal import Decimal
from types import SimpleNamespace

from lms.extensions import db
from lms.learning.models import CourseCompletion
from lms.training.models import Attendance, TrainingSession
from lms.training.programmes.services import (
    add_requirement,
    create_programme,
    publish_programme,
)
from tests import factories


def complete(cadre, course, on):
    db.session.add(CourseCompletion(cadre_id=cadre.id, course_id=course.id, track=course.track,
                                    hours=course.hours, completed_at=datetime.combine(on, time(9)),
                                    completed_on=on))
    db.session.commit()


def workshop(cadres, track, on, hours, code):
    session = TrainingSession(code=code, title=f"Workshop {code}", track=track, held_on=on,
                              hours=Decimal(str(hours)), unit_id=cadres[0].unit_id)
    db.session.add(session)
    db.session.flush()
    for cadre in cadres:
        db.session.add(Attendance(session_id=session.id, cadre_id=cadre.id))
    db.session.commit()


def make_programme(unit, courses, year=2026, due=date(2026, 11, 30), publish=True, **flags):
    programme = create_programme(unit, year, "Chương trình bồi dưỡng năm 2026", due, **flags)
    add_requirement(programme, "course", [courses.law.id])
    add_requirement(programme, "one_of", [courses.it1.id, courses.it2.id])
    add_requirement(programme, "hours", hours=Decimal("8"), track="digital")
    if publish:
        publish_programme(programme)
    db.session.commit()
    return programme


def build_city(org):
    courses = SimpleNamespace(
        law=factories.make_course("Luật bình đẳng giới", track="association", hours="2"),
        it1=factories.make_course("Tin học văn phòng", track="it", hours="3"),
        it2=factories.make_course("An toàn thông tin", track="it", hours="3"),
        digital=factories.make_course("Chuyển đổi số cơ bản", track="digital", hours="4"))
    a1 = factories.make_cadre(org.ward_a, full_name="Lê Thị An", is_full_time=True)
    a2 = factories.make_cadre(org.branch_a1, full_name="Phạm Thị Bình")
    a3 = factories.make_cadre(org.group_a1a, full_name="Trần Thị Cúc", is_full_time=True)
    b1 = factories.make_cadre(org.ward_a, full_name="Vũ Thị Dung")
    b2 = factories.make_cadre(org.branch_b1, full_name="Đỗ Thị Giang", is_active=False)
    complete(a1, courses.law, date(2026, 3, 1))
    complete(a1, courses.it1, date(2026, 4, 1))
    complete(a1, courses.digital, date(2026, 5, 1))
    workshop([a1], "digital", date(2026, 6, 1), 4, "WS-1")
    complete(a2, courses.law, date(2025, 12, 20))
    workshop([a3], "digital", date(2026, 6, 2), 3, "WS-2")
    complete(b1, courses.law, date(2026, 2, 10))
    # b1 moves to ward B mid-year: she counts where she is now.
    b1.unit_id = org.branch_b1.id
    complete(b2, courses.law, date(2026, 3, 3))
    db.session.commit()
    a4 = factories.make_cadre(org.ward_a, full_name="Hoàng Thị Hạnh")
    programme = make_programme(org.city, courses)
    return SimpleNamespace(courses=courses, programme=programme, a1=a1, a2=a2, a3=a3, a4=a4,
                           b1=b1, b2=b2)
