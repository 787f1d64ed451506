"""Reads for the editor: which courses a user may edit, their lessons and questions (lists:
catalog.queries)."""

from sqlalchemy import func, select

from lms.catalog.models import Course, Lesson, Question
from lms.extensions import db


def may_edit_course(user, course):
    """True when `user` may edit `course`: its owner, or any admin."""
    return user.is_admin or course.owner_id == user.id


def get_authored_course(user, course_id):
    """The course if `user` may edit it, else None (absent and foreign look the same)."""
    course = db.session.get(Course, course_id)
    return course if course is not None and may_edit_course(user, course) else None


def get_authored_courses(user):
    """[(course, active lesson count)] of the courses `user` may edit, by title."""
    lesson_count = (select(func.count(Lesson.id))
                    .where(Lesson.course_id == Course.id, Lesson.is_archived.is_(False))
                    .correlate(Course).scalar_subquery())
    query = select(Course, lesson_count).order_by(Course.sort_title, Course.id)
    if not user.is_admin:
        query = query.where(Course.owner_id == user.id)
    return db.session.execute(query).all()


def get_course_lesson(course, lesson_id):
    """A lesson of `course` (archived ones included), or None."""
    lesson = db.session.get(Lesson, lesson_id)
    return lesson if lesson is not None and lesson.course_id == course.id else None


def get_course_question(course, question_id):
    """An active question of `course`'s bank, or None (archived ones are gone for the editor)."""
    question = db.session.get(Question, question_id)
    if question is None or question.course_id != course.id or question.is_archived:
        return None
    return question
