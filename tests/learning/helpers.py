"""Builders for learning tests: courses written straight into the tables, learners with
accounts, and a statement counter."""

from functools import partial

from lms.catalog.models import Lesson
from lms.extensions import db
from tests import factories
from tests.factories import make_cadre, make_user

# Learning is tested on courses of three lessons.
make_course = partial(factories.make_course, lessons=3)



def lessons_of(course):
    return list(db.session.scalars(
        db.select(Lesson).where(Lesson.course_id == course.id).order_by(Lesson.position)))


def make_learner(unit, username=None, **fields):
    """A cadre of `unit` with an account (password tests.factories.DEFAULT_PASSWORD)."""
    cadre = make_cadre(unit, **fields)
    user = make_user(username or f"hv{cadre.id}", cadre=cadre)
    return cadre, user


