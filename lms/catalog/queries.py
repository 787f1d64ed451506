"""Reads on the course catalogue. No request or current_user here."""

from sqlalchemy import func, select

from lms.catalog.models import Course, Lesson, MediaFile, Question, QuizSettings
from lms.core.text import fold_vietnamese
from lms.extensions import db


def get_course_by_slug(slug):
    return db.session.scalar(select(Course).where(Course.slug == slug))


def get_published_course(slug):
    """The course with this slug if it is in the catalogue (published), else None."""
    return db.session.scalar(select(Course).where(Course.slug == slug,
                                                  Course.is_published.is_(True)))


def get_courses_by_slug(slugs):
    """{slug: Course} for those of `slugs` that exist."""
    courses = db.session.scalars(select(Course).where(Course.slug.in_(list(slugs))))
    return {course.slug: course for course in courses}


def published_courses_query(track=None, search=""):
    """SELECT of the published courses, optionally of one track and with a title containing
    `search` (case and Vietnamese diacritics ignored), by title."""
    query = select(Course).where(Course.is_published.is_(True))
    if track:
        query = query.where(Course.track == track)
    folded = fold_vietnamese(search)
    if folded:
        query = query.where(Course.search_title.contains(folded, autoescape=True))
    return query.order_by(Course.sort_title, Course.id)


def count_lessons(course_ids):
    """{course id: number of active lessons} for the given courses."""
    rows = db.session.execute(
        select(Lesson.course_id, func.count(Lesson.id))
        .where(Lesson.course_id.in_(list(course_ids)), Lesson.is_archived.is_(False))
        .group_by(Lesson.course_id))
    return dict(rows.all())


def get_lessons(course_id, include_archived=False):
    """The course's lessons in reading order; archived ones (last) only when asked."""
    query = select(Lesson).where(Lesson.course_id == course_id)
    if not include_archived:
        query = query.where(Lesson.is_archived.is_(False))
    return list(db.session.scalars(
        query.order_by(Lesson.is_archived, Lesson.position, Lesson.id)))


def get_questions(course_id, include_archived=False):
    """The course's quiz questions in order; archived ones (last) only when asked."""
    query = select(Question).where(Question.course_id == course_id)
    if not include_archived:
        query = query.where(Question.is_archived.is_(False))
    return list(db.session.scalars(
        query.order_by(Question.is_archived, Question.position, Question.id)))


def count_questions(course_id):
    """The number of active questions in the course's quiz."""
    return db.session.scalar(select(func.count(Question.id)).where(
        Question.course_id == course_id, Question.is_archived.is_(False)))


def get_media_files(course_id):
    """The course's media files by name."""
    return list(db.session.scalars(
        select(MediaFile).where(MediaFile.course_id == course_id).order_by(MediaFile.name)))


def get_media_file(course_id, name):
    return db.session.scalar(select(MediaFile).where(
        MediaFile.course_id == course_id, MediaFile.name == name))


def get_quiz_settings(course_id):
    """The course's stored quiz settings, or None when it uses the defaults."""
    return db.session.scalar(select(QuizSettings).where(QuizSettings.course_id == course_id))
