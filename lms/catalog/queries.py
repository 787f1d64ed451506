"""Reads on the course catalogue. No request or current_user here."""

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import joinedload

from lms.catalog.models import Course, Lesson, MediaFile, Question, QuizSettings, ScormPackage
from lms.core.text import search_terms
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


def _containing_all(column, terms):
    return and_(*(column.contains(term, autoescape=True) for term in terms))


def published_courses_query(track=None, search=""):
    """SELECT of the published courses, optionally of one track and matching `search`.

    Every word of the search (case and Vietnamese diacritics ignored, so "mat khau" finds
    "mật khẩu") must appear in one place of the course: its title, its summary or the text
    of one of its lessons (archived ones left out). The best matches come first: a course
    whose title holds every word ranks above one whose summary does, above one where a
    lesson does; courses of the same rank, and all courses without a search, by title.
    One statement on SQLite and PostgreSQL alike; lessons are matched in the database by
    their stored folded text (Lesson.search_text), never loaded.
    """
    query = select(Course).where(Course.is_published.is_(True))
    if track:
        query = query.where(Course.track == track)
    terms = search_terms(search)
    if not terms:
        return query.order_by(Course.sort_title, Course.id)
    in_lessons = exists().where(Lesson.course_id == Course.id, Lesson.is_archived.is_(False),
                                _containing_all(Lesson.search_text, terms))
    rank = case((_containing_all(Course.search_title, terms), 3),
                (_containing_all(Course.search_summary, terms), 2),
                (in_lessons, 1), else_=0)
    return query.where(rank > 0).order_by(rank.desc(), Course.sort_title, Course.id)


def with_lesson_counts(courses_query):
    """The courses SELECT with each course's number of active lessons as a second column."""
    lessons = (select(func.count(Lesson.id))
               .where(Lesson.course_id == Course.id, Lesson.is_archived.is_(False))
               .correlate(Course).scalar_subquery())
    return courses_query.add_columns(lessons.label("lesson_count"))


def count_lessons(course_ids):
    """{course id: number of active lessons} for the given courses."""
    rows = db.session.execute(
        select(Lesson.course_id, func.count(Lesson.id))
        .where(Lesson.course_id.in_(list(course_ids)), Lesson.is_archived.is_(False))
        .group_by(Lesson.course_id))
    return dict(rows.all())


def get_lessons(course_id, include_archived=False, with_packages=False):
    """The course's lessons in reading order; archived ones (last) only when asked; with
    their SCORM packages loaded in the same query when asked."""
    query = select(Lesson).where(Lesson.course_id == course_id)
    if with_packages:
        query = query.options(joinedload(Lesson.scorm_package))
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


def get_scorm_package(key):
    """The SCORM package served at /scorm/<key>/, or None."""
    return db.session.scalar(select(ScormPackage).where(ScormPackage.key == key))
