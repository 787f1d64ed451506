"""The course files and the database kept in step: importing courses from their files
(courses/README.md), and the export that turns a course back into files.

A course keeps its identity by slug, a lesson by (course, slug) and a question by its position,
so re-importing edited files updates rows in place and learners' progress stays attached.
"""

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from flask_babel import gettext as _

from lms.catalog.course_files.format import (
    QUIZ_KEYS,
    ContentError,
    CourseSource,
    LessonSource,
    QuestionSource,
    course_folders,
    read_course,
)
from lms.catalog.models import DEFAULT_SETTINGS, Course, Lesson, Question, QuizSettings
from lms.catalog.queries import (
    get_course_by_slug,
    get_courses_by_slug,
    get_lessons,
    get_media_files,
    get_questions,
    get_quiz_settings,
)
from lms.catalog.storage import MediaRejected, check_media, media_url_for, read_media, save_media
from lms.core.audit import record_audit
from lms.core.errors import ImportRejected
from lms.core.markdown import render_markdown
from lms.core.text import fold_vietnamese
from lms.extensions import db

MEDIA_PREFIX = "media/"


# --- Checking the files ---

def check_catalog(root):
    """Read every course under `root` and check what the reader cannot (media files, column
    sizes); returns ([CourseSource], [ContentError])."""
    sources, errors = [], []
    for folder in course_folders(root):
        source, problems = read_course(folder)
        sources.append(source)
        errors += problems + _column_errors(folder, source) + _media_errors(folder, source)
    return sources, errors


def _key_line(path, key):
    """The line of `path` where `key:` is set (1 when absent), to point authors at it."""
    lines = Path(path).read_text(encoding="utf-8-sig").split("\n")
    return next((n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:")), 1)


def _column_errors(folder, source):
    """Values their column cannot hold, so that PostgreSQL never refuses an import halfway and
    a second import finds nothing to change."""
    def too_long(path, value, column, key=None):
        limit = column.type.length
        if len(value) <= limit:
            return []
        line = _key_line(path, key) if key else 1
        what = f"'{key}:'" if key else _("the name")
        return [ContentError(str(path), line, _("%(what)s is longer than %(limit)s characters",
                                                what=what, limit=limit))]

    errors = too_long(folder, source.slug, Course.slug)
    course_md = folder / "course.md"
    if course_md.is_file():
        errors += too_long(course_md, source.title, Course.title, "Title")
        errors += too_long(course_md, source.audience, Course.audience, "Audience")
        hours = Decimal(str(source.hours))
        if hours != round(hours, Course.hours.type.scale):
            errors.append(ContentError(str(course_md), _key_line(course_md, "Hours"),
                                       _("'Hours:' may have one decimal at most")))
    for lesson in source.lessons:
        path = folder / f"{lesson.position:02d}-{lesson.slug}.md"
        errors += too_long(path, lesson.slug, Lesson.slug)
        errors += too_long(path, lesson.title, Lesson.title, "Title")
    return errors


def _media_errors(folder, source):
    errors = []
    for name, data in source.media.items():
        try:
            check_media(name.removeprefix(MEDIA_PREFIX), data)
        except MediaRejected as error:
            errors.append(ContentError(str(folder / name), 1, str(error)))
    return errors


# --- Importing ---

def import_catalog(root, actor=None, publish=None):
    """Check every course under `root`, then create or update them all, or none (raises
    ImportRejected, its errors ContentError); returns {"created"|"updated"|"unchanged": [slug]}."""
    sources, errors = check_catalog(root)
    if errors:
        raise ImportRejected(errors)
    existing = get_courses_by_slug(source.slug for source in sources)
    report = {"created": [], "updated": [], "unchanged": []}
    for source in sources:
        course = existing.get(source.slug)
        if course is None:
            status = "created"
        elif _is_up_to_date(course, source, actor, publish):
            status = "unchanged"
        else:
            status = "updated"
        if status != "unchanged":
            import_course(source, actor=actor, publish=publish)
        report[status].append(source.slug)
    return report


def _is_up_to_date(course, source, actor, publish):
    stated = replace(source, quiz=_without_defaults(source.quiz))
    return (export_course(course) == stated
            and (publish is None or course.is_published == publish)
            and (actor is None or course.owner_id is not None))


def import_course(source, actor=None, publish=None):
    """Create or update the course `source.slug` from its files.

    `publish` None keeps the published state (a new course starts unpublished). `actor`
    becomes the owner of a course that has none. Lessons gone from the files are archived and
    extra questions too; media files are added or replaced, never removed.
    """
    course = get_course_by_slug(source.slug)
    created = course is None
    if created:
        course = Course(slug=source.slug, is_published=False)
    _set_course_fields(course, source)
    if course.owner_id is None and actor is not None:
        course.owner_id = actor.id
    if publish is not None:
        course.is_published = publish
    # Added only now, complete: reading actor.id above may flush the session.
    db.session.add(course)
    db.session.flush()  # the course needs its id before lessons and media refer to it
    for name, data in source.media.items():
        save_media(course, name.removeprefix(MEDIA_PREFIX), data, None, uploaded_by=actor)
    # Rendered once the media are saved: their URLs carry the versions of the new bytes.
    media_url = media_url_for(course)
    course.summary_html = render_markdown(source.summary, media_url)
    _sync_lessons(course, source.lessons, media_url)
    _sync_questions(course, source.questions)
    _sync_quiz_settings(course, source.quiz)
    record_audit(actor, "course.import", course, slug=course.slug, created=created)
    db.session.flush()
    return course


def _set_course_fields(course, source):
    course.title = source.title
    course.search_title = fold_vietnamese(source.title)
    course.track = source.track
    course.hours = Decimal(str(source.hours))
    course.pass_mark = source.pass_mark
    course.audience = source.audience
    course.summary = source.summary


def _sync_lessons(course, sources, media_url):
    """Update lessons by slug, add new ones, archive those no longer in the files."""
    by_slug = {lesson.slug: lesson for lesson in get_lessons(course.id, include_archived=True)}
    for source in sources:
        lesson = by_slug.pop(source.slug, None)
        if lesson is None:
            lesson = Lesson(course_id=course.id, slug=source.slug)
            db.session.add(lesson)
        lesson.position, lesson.title, lesson.body = source.position, source.title, source.body
        lesson.body_html = render_markdown(source.body, media_url)
        lesson.is_archived = False
    for lesson in by_slug.values():
        lesson.is_archived = True


def _sync_questions(course, sources):
    """Rewrite the active questions in place, in order; add the extra ones of the files and
    archive the extra ones of the bank. Archived questions stay archived."""
    active = get_questions(course.id)
    for number, source in enumerate(sources, start=1):
        if number <= len(active):
            question = active[number - 1]
        else:
            question = Question(course_id=course.id)
            db.session.add(question)
        question.position = number
        _set_question_fields(question, source)
    for question in active[len(sources):]:
        question.is_archived = True


def _set_question_fields(question, source):
    question.type, question.text = source.type, source.text
    question.explanation, question.points = source.explanation, source.points
    question.options = [{"text": text, "correct": correct} for text, correct in source.options]
    question.answers = list(source.answers)
    question.settings = dict(source.settings)


def _sync_quiz_settings(course, values):
    """Make the course's quiz settings those of course.md; a key left out means the default."""
    settings = get_quiz_settings(course.id)
    if settings is None and not _without_defaults(values):
        return  # no row stands for the defaults
    if settings is None:
        settings = QuizSettings(course_id=course.id)
        db.session.add(settings)
    for name in QUIZ_KEYS.values():
        setattr(settings, name, values.get(name, getattr(DEFAULT_SETTINGS, name)))


def _without_defaults(values):
    return {name: value for name, value in values.items()
            if value != getattr(DEFAULT_SETTINGS, name)}


# --- Exporting ---

def export_course(course):
    """The course as files would describe it: active lessons in order, the active quiz
    questions, and the media bytes."""
    lessons = [LessonSource(slug=lesson.slug, position=lesson.position, title=lesson.title,
                            body=lesson.body) for lesson in get_lessons(course.id)]
    questions = [_question_source(number, question)
                 for number, question in enumerate(get_questions(course.id), start=1)]
    media = {MEDIA_PREFIX + media.name: read_media(media) for media in get_media_files(course.id)}
    settings = get_quiz_settings(course.id)
    quiz = _without_defaults({name: getattr(settings, name) for name in QUIZ_KEYS.values()}
                             if settings is not None else {})
    return CourseSource(slug=course.slug, title=course.title, track=course.track,
                        hours=float(course.hours), pass_mark=course.pass_mark,
                        audience=course.audience, summary=course.summary, quiz=quiz,
                        lessons=lessons, questions=questions, media=media)


def _question_source(number, question):
    # Files number questions by their order, whatever positions the bank has.
    return QuestionSource(position=number, type=question.type, text=question.text,
                          explanation=question.explanation,
                          options=[(option["text"], option["correct"])
                                   for option in question.options],
                          answers=list(question.answers), points=question.points,
                          settings=dict(question.settings or {}))
