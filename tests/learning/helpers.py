"""Builders for learning tests: courses written straight into the tables, learners with
accounts, and a statement counter."""

from decimal import Decimal
from itertools import count

from lms.catalog.models import Course, Lesson, Question
from lms.extensions import db
from tests.factories import make_cadre, make_user

_seq = count(1)


def make_course(lessons=3, questions=0, slug=None, title=None, track="association",
                hours="2", is_published=True):
    """A course with `lessons` lessons (slugs bai-1, bai-2, ...) and `questions` questions."""
    n = next(_seq)
    course = Course(slug=slug or f"khoa-hoc-{n}", title=title or f"Khoá học số {n}",
                    search_title=f"khoa hoc so {n}", track=track, hours=Decimal(hours),
                    is_published=is_published)
    db.session.add(course)
    db.session.flush()
    for position in range(1, lessons + 1):
        add_lesson(course, position)
    for position in range(1, questions + 1):
        db.session.add(Question(
            course_id=course.id, position=position, type="truefalse",
            text=f"Câu hỏi {position}", options=[{"text": "Đúng", "correct": True},
                                                {"text": "Sai", "correct": False}]))
    db.session.commit()
    return course


def add_lesson(course, position, slug=None):
    """A lesson with cached HTML, as the catalogue saves it."""
    lesson = Lesson(course_id=course.id, slug=slug or f"bai-{position}", position=position,
                    title=f"Bài {position}", body=f"Nội dung bài {position}",
                    body_html=f"<p>Nội dung bài {position}</p>")
    db.session.add(lesson)
    db.session.flush()
    return lesson


def lessons_of(course):
    return list(db.session.scalars(
        db.select(Lesson).where(Lesson.course_id == course.id).order_by(Lesson.position)))


def make_learner(unit, username=None, **fields):
    """A cadre of `unit` with an account (password tests.factories.DEFAULT_PASSWORD)."""
    cadre = make_cadre(unit, **fields)
    user = make_user(username or f"hv{cadre.id}", cadre=cadre)
    return cadre, user


