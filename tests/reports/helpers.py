"""Builders for report tests: trainings online (course completions) and in person."""

from datetime import date, datetime, time
from decimal import Decimal
from itertools import count

from lms.catalog.models import Course
from lms.extensions import db
from lms.learning.models import CourseCompletion
from lms.training.models import Attendance, TrainingSession

_seq = count(1)


def online(cadre, track, on, hours=1, title=None):
    """A course completion dated `on` (a Vietnam date)."""
    n = next(_seq)
    course = Course(slug=f"rpt-course-{n}", title=title or f"Course {n}", track=track,
                    hours=Decimal(str(hours)))
    db.session.add(course)
    db.session.flush()
    db.session.add(CourseCompletion(cadre_id=cadre.id, course_id=course.id, track=track,
                                    hours=Decimal(str(hours)),
                                    completed_at=datetime.combine(on, time(9)),
                                    completed_on=on))
    db.session.commit()


def in_person(cadres, track, on, hours=1, unit=None, title=None):
    """An in-person session held on `on`, attended by `cadres`."""
    n = next(_seq)
    session = TrainingSession(code=f"RPT-S{n}", title=title or f"Workshop {n}", track=track,
                              held_on=on,
                              hours=Decimal(str(hours)), unit_id=(unit or cadres[0].unit).id)
    db.session.add(session)
    db.session.flush()
    for cadre in cadres:
        db.session.add(Attendance(session_id=session.id, cadre_id=cadre.id))
    db.session.commit()


def d(text):
    return date.fromisoformat(text)
