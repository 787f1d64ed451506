"""Trainers' writes on courses, lessons and media files.

Every save renders the Markdown to sanitised HTML once and stores it, so pages never render.
Lessons are never deleted and keep their ids, so learners' progress survives any edit.
Problems the trainer can fix raise AuthoringError, naming the form field they belong to.
"""

import os
import unicodedata
from decimal import Decimal

import filetype
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from werkzeug.utils import secure_filename

from lms.catalog.course_files.format import SLUG_RE
from lms.catalog.images import prepare_image
from lms.catalog.models import Course, Lesson
from lms.catalog.queries import count_lessons, get_course_by_slug, get_lessons, get_media_file
from lms.catalog.scorm import ScormRejected, check_package, max_package_bytes, save_package
from lms.catalog.storage import ALLOWED_TYPES, MediaRejected, media_url_for, save_media
from lms.core.audit import record_audit
from lms.core.errors import DomainError
from lms.core.markdown import render_markdown
from lms.core.text import fold_vietnamese, slugify
from lms.extensions import db

DEFAULT_MEDIA_MAX_BYTES = 5 * 1024 * 1024
IMAGE_TYPES = {kind for kind in ALLOWED_TYPES if kind.startswith("image/")}
COURSE_FIELDS = ("title", "track", "hours", "pass_mark", "audience", "summary")


class AuthoringError(DomainError):
    """A change refused for a reason the trainer can fix; `field` names the form field."""


def clean_text(text):
    """Text as the course files hold it: NFC Unicode, \\n line ends, no outer blank space."""
    # Phones may send decomposed accents; search and slugs expect composed ones.
    return unicodedata.normalize("NFC", (text or "").replace("\r\n", "\n")).strip()


def render_lesson_body(course, body):
    """Sanitised HTML of a lesson text, its `media/<name>` links pointing at the course's files."""
    return render_markdown(clean_text(body), media_url_for(course))


def _render_course(course):
    course.search_title = fold_vietnamese(course.title)
    course.summary_html = render_markdown(course.summary, media_url_for(course))


def _render_lessons(course):
    for lesson in get_lessons(course.id, include_archived=True):
        lesson.body_html = render_lesson_body(course, lesson.body)


# --- Courses ---

def _wanted_slug(data):
    """The slug typed in the form, or one made from the title; refused if malformed."""
    slug = (data.get("slug") or "").strip() or slugify(data["title"])
    if not SLUG_RE.match(slug):
        raise AuthoringError(_l("Enter an address made of letters a-z, digits and hyphens."),
                             "slug")
    return slug


def _course_slug(course, data):
    """The course's new slug, unless it is published or another course has it."""
    slug = _wanted_slug(data)
    if slug == course.slug:
        return slug
    if course.is_published:
        raise AuthoringError(_l("A published course keeps its address. Unpublish it first."),
                             "slug")
    if get_course_by_slug(slug) is not None:
        raise AuthoringError(_l("Another course already uses this address."), "slug")
    return slug


def _set_course_fields(course, data):
    slug = _course_slug(course, data)
    slug_changed = course.slug is not None and slug != course.slug
    course.slug = slug
    for name in COURSE_FIELDS:
        setattr(course, name, data[name])
    course.title, course.audience = clean_text(course.title), clean_text(course.audience)
    course.summary = clean_text(course.summary)
    course.hours = Decimal(str(course.hours))
    _render_course(course)
    if slug_changed:
        # Stored lesson HTML links media through the course's slug.
        _render_lessons(course)


def create_course(owner, data):
    """A new unpublished course owned by `owner`, from the course form's fields."""
    course = Course(owner_id=owner.id, is_published=False)
    _set_course_fields(course, data)
    db.session.add(course)
    db.session.flush()
    record_audit(owner, "course.create", course, slug=course.slug)
    return course


def update_course(course, data, actor=None):
    """Change a course's details; a published course keeps its slug."""
    _set_course_fields(course, data)
    record_audit(actor, "course.update", course, slug=course.slug)
    return course


def _active_lesson_count(course_id):
    return count_lessons([course_id]).get(course_id, 0)


def publish_course(course, actor=None):
    """Show the course in the catalogue; it needs at least one lesson."""
    if not _active_lesson_count(course.id):
        raise AuthoringError(_l("Add at least one lesson before publishing the course."))
    course.is_published = True
    record_audit(actor, "course.publish", course, slug=course.slug)
    return course


def unpublish_course(course, actor=None):
    """Take the course out of the catalogue; enrolled learners keep their progress."""
    course.is_published = False
    record_audit(actor, "course.unpublish", course, slug=course.slug)
    return course


# --- Lessons ---

def _lesson_slug(course, lesson, data):
    """The lesson's new slug, unique in its course; fixed once the course is published."""
    slug = _wanted_slug(data)
    if lesson is not None and slug == lesson.slug:
        return slug
    if lesson is not None and course.is_published:
        # Course files name lessons by slug: a new slug would be a new lesson on re-import.
        raise AuthoringError(_l("A lesson of a published course keeps its address."), "slug")
    taken = db.session.scalar(select(Lesson.id).where(Lesson.course_id == course.id,
                                                      Lesson.slug == slug))
    if taken is not None:
        raise AuthoringError(_l("Another lesson of this course (perhaps an archived one) "
                                "already uses this address."), "slug")
    return slug


def _next_position(course_id):
    return db.session.scalar(select(func.coalesce(func.max(Lesson.position), 0) + 1)
                             .where(Lesson.course_id == course_id))


def _set_lesson_fields(course, lesson, data):
    lesson.title, lesson.body = clean_text(data["title"]), clean_text(data["body"])
    lesson.body_html = render_lesson_body(course, lesson.body)


def create_lesson(course, data, actor=None):
    """A new lesson at the end of the course, from the lesson form's fields."""
    lesson = Lesson(course_id=course.id, slug=_lesson_slug(course, None, data),
                    position=_next_position(course.id))
    _set_lesson_fields(course, lesson, data)
    db.session.add(lesson)
    db.session.flush()
    record_audit(actor, "lesson.create", lesson, course=course.slug, slug=lesson.slug)
    return lesson


def create_scorm_lesson(course, title, stream, actor=None, field="package", score_is_quiz=False):
    """A new lesson at the end of the course showing the SCORM 1.2 package read from
    `stream`, titled `title` or, when that is blank, as the package's manifest says; with
    `score_is_quiz`, a score the package reports at or above the pass mark passes the
    course's quiz."""
    limit = max_package_bytes()
    data = stream.read(limit + 1)
    try:
        info = check_package(data)
    except ScormRejected as error:
        raise AuthoringError(error.args[0], field) from error
    title = clean_text(title or "") or info.title
    if not title:
        raise AuthoringError(_l("Enter the lesson title: the package has none."), "title")
    lesson = create_lesson(course, {"title": title, "body": ""}, actor)
    package = save_package(lesson, data, info, uploaded_by=actor, score_is_quiz=score_is_quiz)
    db.session.flush()
    record_audit(actor, "lesson.scorm", lesson, course=course.slug, launch=package.launch_href)
    return lesson


def update_lesson(lesson, data, actor=None):
    """Change a lesson's title, text or (before publishing) slug; its id never changes."""
    course = lesson.course
    lesson.slug = _lesson_slug(course, lesson, data)
    _set_lesson_fields(course, lesson, data)
    record_audit(actor, "lesson.update", lesson, course=course.slug, slug=lesson.slug)
    return lesson


def move_lesson(lesson, direction):
    """Swap an active lesson with the one above ("up") or below ("down"); False at an end."""
    lessons = get_lessons(lesson.course_id)
    if lesson not in lessons:
        return False
    index = lessons.index(lesson)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(lessons):
        return False
    lessons[index], lessons[other] = lessons[other], lessons[index]
    # Renumber them all: imported courses may have gaps or shared positions.
    for position, item in enumerate(lessons, start=1):
        item.position = position
    return True


def archive_lesson(lesson, actor=None):
    """Hide a lesson from the course; the row and learners' progress on it stay."""
    last = not lesson.is_archived and _active_lesson_count(lesson.course_id) == 1
    if last and lesson.course.is_published:
        raise AuthoringError(_l("A published course needs at least one lesson. Add another "
                                "lesson or unpublish the course first."))
    lesson.is_archived = True
    record_audit(actor, "lesson.archive", lesson, slug=lesson.slug)
    return lesson


def restore_lesson(lesson, actor=None):
    """Bring an archived lesson back, at the end of the course."""
    lesson.is_archived = False
    lesson.position = _next_position(lesson.course_id)
    record_audit(actor, "lesson.restore", lesson, slug=lesson.slug)
    return lesson


# --- Media ---

def media_max_bytes():
    """The largest media file accepted, in bytes (setting MEDIA_MAX_BYTES, default 5 MB)."""
    return current_app.config.get("MEDIA_MAX_BYTES", DEFAULT_MEDIA_MAX_BYTES)


def human_size(size):
    """A byte count as people read it: "5 MB", "300 KB"."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):g} MB"
    return f"{max(size // 1024, 1)} KB"


def _media_name(course_id, file_name, data):
    """A safe, unused name for an upload; its ending follows the type found in the bytes."""
    # Fold accents first so "sơ đồ.png" becomes "so_do.png", not "s_.png".
    safe = secure_filename(fold_vietnamese(file_name)).lower()
    stem, ending = os.path.splitext(safe)
    stem = stem[:100] or "file"
    endings = ALLOWED_TYPES.get(filetype.guess_mime(data))
    if endings and ending not in endings:
        # Phones name files loosely; save_media checks the type again and refuses others.
        ending = endings[0]
    name, number = f"{stem}{ending}", 1
    while get_media_file(course_id, name) is not None:
        number += 1
        name = f"{stem}-{number}{ending}"
    return name


def upload_media(course, file_name, stream, uploaded_by=None, field="file", images_only=False):
    """Store an uploaded image (made light for phones), PDF or practice file under a new name;
    refuses other types (all but images with `images_only`) and big files, naming the form's
    `field`."""
    limit = media_max_bytes()
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise AuthoringError(_l("The file is larger than %(size)s. Make it smaller and try "
                                "again.", size=human_size(limit)), field)
    if images_only and filetype.guess_mime(data) not in IMAGE_TYPES:
        raise AuthoringError(_l("%(name)s is not an image. Choose a PNG, JPEG, GIF or WEBP "
                                "file.", name=file_name), field)
    try:
        # Only the encoded copy is kept: the original, with its EXIF GPS, is never written.
        data = prepare_image(file_name, data)
        # The browser's claimed type only echoes the name's ending, which we correct anyway.
        media = save_media(course, _media_name(course.id, file_name, data), data, None,
                           uploaded_by=uploaded_by)
    except MediaRejected as error:
        raise AuthoringError(error.args[0], field) from error
    db.session.flush()
    record_audit(uploaded_by, "media.upload", media, course=course.slug, name=media.name)
    return media


def media_snippet(media, description=None):
    """The Markdown a trainer pastes into a lesson to show (or link to) a media file; an
    image's `description` becomes its alt text."""
    if description:
        # One line, and brackets that cannot end the description early.
        label = " ".join(description.split())
        label = label.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    else:
        # The placeholders stay outside the f-string, where pybabel can find them.
        label = _l("description") if media.is_image else _l("file name")
    return f"{'!' if media.is_image else ''}[{label}](media/{media.name})"


def upload_lesson_image(course, description, file_name, stream, uploaded_by=None):
    """Store an image for a lesson, its description (alt text) required; returns (media,
    the Markdown that shows it with that description)."""
    description = clean_text(description)
    if not description:
        raise AuthoringError(_l("Describe the image first: what it shows, for learners who "
                                "cannot see it."), "image_alt")
    media = upload_media(course, file_name, stream, uploaded_by, field="image_file",
                         images_only=True)
    return media, media_snippet(media, description)
