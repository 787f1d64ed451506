"""Builders for certificate tests: a course, a cadre and her completion, written directly."""

from datetime import datetime
from functools import partial

from lms.core.clock import local_date
from lms.extensions import db
from lms.learning.certificates.service import issue_certificate
from lms.learning.models import CourseCompletion
from tests import factories
from tests.factories import make_cadre

# 27/11/2026 10:00 in Hanoi (stored as naive UTC, like every timestamp).
COMPLETED_AT = datetime(2026, 11, 27, 3, 0)


# Certificates are tested on a four-hour course of Union work skills.
make_course = partial(factories.make_course, title="Kỹ năng vận động hội viên", hours="4")


def make_completion(unit=None, cadre=None, course=None, completed_at=COMPLETED_AT):
    """A CourseCompletion for `cadre` (or a new cadre of `unit`) and `course` (or a new one)."""
    cadre = cadre or make_cadre(unit)
    course = course or make_course()
    completion = CourseCompletion(cadre=cadre, course=course, track=course.track,
                                  hours=course.hours, completed_at=completed_at,
                                  completed_on=local_date(completed_at))
    db.session.add(completion)
    db.session.commit()
    return completion


def make_certificate(unit=None, **kwargs):
    """A committed certificate for a new completion (see make_completion)."""
    certificate = issue_certificate(make_completion(unit, **kwargs))
    db.session.commit()
    return certificate
