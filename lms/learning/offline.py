"""What a learner's phone keeps of a course to learn it without a connection.

The course page's "Download to learn offline" (static/js/offline.js) fetches offline_manifest
and stores every page and picture it lists; `version` changes whenever a lesson, the course or
its lesson list changes, and the phone then downloads the course again at its next connection.
The quiz's right answers are never listed: the attempt page holds only the questions.
"""

import hashlib
import re

from flask import url_for
from sqlalchemy import select

from lms.catalog.models import Lesson
from lms.extensions import db

# Pictures in a lesson as its saved HTML links them (lms.core.markdown renders media links).
_IMAGE_SOURCE = re.compile(r'<img[^>]*\ssrc="(/courses/[^"]+/media/[^"]+)"')


def _lessons(course_id):
    return db.session.execute(
        select(Lesson.id, Lesson.slug, Lesson.title, Lesson.body_html)
        .where(Lesson.course_id == course_id, Lesson.is_archived.is_(False))
        .order_by(Lesson.position, Lesson.id)).all()


def course_offline_version(course):
    """A short fingerprint of what a downloaded copy of the course holds: its content, not
    its times (a second's resolution could miss an edit made in the same second)."""
    fingerprint = hashlib.sha256()
    for part in (course.slug, course.title, course.summary_html or ""):
        fingerprint.update(part.encode() + b"\0")
    for row in _lessons(course.id):
        for part in (str(row.id), row.slug, row.title, row.body_html or ""):
            fingerprint.update(part.encode() + b"\0")
    return fingerprint.hexdigest()[:16]


def offline_manifest(course, with_home):
    """{title, version, course_url, urls} of the course for the phone to keep: the course
    page, every lesson, their pictures, the quiz page and, for a learner whose home holds only
    her own learning (`with_home`), the home page."""
    lessons = _lessons(course.id)
    course_url = url_for("catalog.show_course", slug=course.slug)
    urls = [course_url]
    urls += [url_for("learning.show_lesson", slug=course.slug, lesson_slug=row.slug)
             for row in lessons]
    images = [src.replace("&amp;", "&") for row in lessons
              for src in _IMAGE_SOURCE.findall(row.body_html or "")]
    urls += list(dict.fromkeys(images))
    urls.append(url_for("quizzes.show_quiz", slug=course.slug))
    if with_home:
        urls.append(url_for("learning.home"))
    return {"title": course.title, "version": course_offline_version(course),
            "course_url": course_url, "urls": urls}
