"""Builders for API tests: an organizer of ward A with a token, trainings of both kinds."""

from datetime import datetime, time
from decimal import Decimal
from itertools import count
from types import SimpleNamespace

from lms.api.auth import create_token
from lms.catalog.models import Course
from lms.extensions import db
from lms.learning.models import CourseCompletion
from lms.training.models import Attendance, TrainingSession
from tests.factories import make_cadre, make_org, make_user

_seq = count(1)


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def online(cadre, track, on, hours=1, title=None):
    """A course completion dated `on` (a Vietnam date)."""
    n = next(_seq)
    course = Course(slug=f"api-course-{n}", title=title or f"Khoá học {n}", track=track,
                    hours=Decimal(str(hours)))
    db.session.add(course)
    db.session.flush()
    db.session.add(CourseCompletion(cadre_id=cadre.id, course_id=course.id, track=track,
                                    hours=Decimal(str(hours)),
                                    completed_at=datetime.combine(on, time(9)),
                                    completed_on=on))
    db.session.commit()


def in_person(cadres, track, on, hours=1, title=None):
    """An in-person session held on `on`, attended by `cadres`."""
    n = next(_seq)
    session = TrainingSession(code=f"API-S{n}", title=title or f"Tập huấn {n}", track=track,
                              held_on=on, hours=Decimal(str(hours)), unit_id=cadres[0].unit_id)
    db.session.add(session)
    db.session.flush()
    for cadre in cadres:
        db.session.add(Attendance(session_id=session.id, cadre_id=cadre.id))
    db.session.commit()


def make_world():
    """The factories' tree, a cadre in each ward, and organizer of ward A with a token."""
    org = make_org()
    cadre_a = make_cadre(org.branch_a1, full_name="Trần Thị Lan", position="Chi hội trưởng")
    cadre_b = make_cadre(org.branch_b1, full_name="Lê Thị Mai")
    organizer = make_user("org_a", role="organizer", unit=org.ward_a)
    admin = make_user("boss", role="admin")
    return SimpleNamespace(org=org, cadre_a=cadre_a, cadre_b=cadre_b, organizer=organizer,
                           admin=admin, token=create_token(organizer, "test"),
                           admin_token=create_token(admin))
