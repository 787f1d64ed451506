"""Courses, their lessons, quiz questions, quiz settings and media files."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    event,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from lms.catalog.course_files.format import TRACKS
from lms.core.collation import SORT_KEY_TYPE, sort_key, sort_key_default
from lms.core.text import fold_for_search
from lms.extensions import db

REVIEW_MODES = ("score_only", "after_submit", "after_pass")
COUNTING_RULES = ("highest", "last")

TRACK_LABELS = {
    "association": _l("Union work skills"),
    "it": _l("Information technology"),
    "digital": _l("Digital transformation"),
}


class Course(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    # Lower-case, diacritic-free title for accent-insensitive catalogue search.
    search_title: Mapped[str] = mapped_column(String(200), default="")
    # The title's Vietnamese sort key (lms/core/collation.py): course lists order by it.
    sort_title: Mapped[str] = mapped_column(SORT_KEY_TYPE, default=sort_key_default("title"))
    track: Mapped[str] = mapped_column(String(20), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    # The summary folded to its words (fold_for_search), kept in step by _fold_for_search.
    search_summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    summary_html: Mapped[str] = mapped_column(Text, default="")
    hours: Mapped[Decimal] = mapped_column(Numeric(5, 1), default=Decimal(1))
    pass_mark: Mapped[int] = mapped_column(Integer, default=70)
    audience: Mapped[str] = mapped_column(String(300), default="")
    is_published: Mapped[bool] = mapped_column(Boolean, default=False)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now(),
                                                 onupdate=func.now())

    lessons: Mapped[list["Lesson"]] = relationship(
        back_populates="course", order_by="Lesson.position",
        primaryjoin="and_(Lesson.course_id == Course.id, Lesson.is_archived == False)",
        viewonly=True)
    questions: Mapped[list["Question"]] = relationship(
        order_by="Question.position",
        primaryjoin="and_(Question.course_id == Course.id, Question.is_archived == False)",
        viewonly=True)

    __table_args__ = (
        CheckConstraint("track IN ('" + "', '".join(TRACKS) + "')", name="track"),
    )

    @validates("title")
    def _keep_sort_title(self, _key, title):
        self.sort_title = sort_key(title)
        return title

    @property
    def track_label(self):
        return TRACK_LABELS.get(self.track, self.track)

    @property
    def has_quiz(self):
        return bool(self.questions)

    def __repr__(self):
        return f"<Course {self.slug}>"


class Lesson(db.Model):
    """A lesson keeps its identity (and learners' progress) by (course, slug)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    # Sanitised HTML rendered when the lesson is saved, so views never re-render Markdown.
    body_html: Mapped[str] = mapped_column(Text, default="")
    # Title and body folded to their words, for the catalogue's search.
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    is_archived: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now(),
                                                 onupdate=func.now())

    course: Mapped[Course] = relationship(back_populates="lessons")
    # A SCORM lesson shows its package instead of a text (lms.catalog.scorm). Lists of
    # lessons that show it load it with them (get_lessons(with_packages=True)).
    scorm_package: Mapped["ScormPackage | None"] = relationship(back_populates="lesson",
                                                                 uselist=False)

    __table_args__ = (UniqueConstraint("course_id", "slug"),)


@event.listens_for(Course, "before_insert")
@event.listens_for(Course, "before_update")
def _fold_course_for_search(_mapper, _connection, course):
    # Every way a course is written (files, the editor, the demo) keeps its search column.
    course.search_summary = fold_for_search(course.summary)


@event.listens_for(Lesson, "before_insert")
@event.listens_for(Lesson, "before_update")
def _fold_lesson_for_search(_mapper, _connection, lesson):
    lesson.search_text = fold_for_search(f"{lesson.title} {lesson.body}")


class Question(db.Model):
    """A question of a course's bank; `options` is [{"text", "correct"}], `answers` [str]."""

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    options: Mapped[list] = mapped_column(JSON, default=list)
    answers: Mapped[list] = mapped_column(JSON, default=list)
    explanation: Mapped[str] = mapped_column(Text, default="")
    points: Mapped[int] = mapped_column(Integer, default=1)
    # Type-specific options: {"scoring": "partial"} or {"ignore_case", "ignore_diacritics"}.
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    is_archived: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_question_course_position", "course_id", "position"),)


class MediaFile(db.Model):
    """An image, PDF or practice file (Excel, Word, CSV) a course's lessons link to as
    `media/<name>`.

    The bytes live outside static/ under a generated name; `name` is what authors write.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    # The Word type alone is 71 characters long.
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    __table_args__ = (UniqueConstraint("course_id", "name"),)

    @property
    def version(self):
        """Changes whenever the bytes do (they get a new stored file): the URL's cache key."""
        return self.stored_name[:12]

    @property
    def is_image(self):
        return self.content_type.startswith("image/")


class ScormPackage(db.Model):
    """A SCORM 1.2 package a lesson shows: the zip as uploaded, kept in the course media
    storage under `stored_name`, its files served at /scorm/<key>/<path>.

    `key` is random, so the address of a package says nothing about the course."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(32), unique=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"), unique=True)
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    # The launch page of the first SCO, relative to the package's root.
    launch_href: Mapped[str] = mapped_column(String(500))
    size: Mapped[int] = mapped_column(Integer)
    file_count: Mapped[int] = mapped_column(Integer)
    # The trainer's choice: a score at or above the course's pass mark passes its quiz.
    score_is_quiz: Mapped[bool] = mapped_column(Boolean, default=False)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    lesson: Mapped[Lesson] = relationship(back_populates="scorm_package")


def _one_of(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


@dataclass(frozen=True)
class DefaultQuizSettings:
    """How a quiz runs when its course stores no settings; frozen, as every request shares it."""

    questions_per_attempt: int = 0  # 0: the whole bank
    shuffle_questions: bool = False
    shuffle_options: bool = False
    max_attempts: int = 0  # 0: unlimited
    time_limit_minutes: int = 0  # 0: no limit
    counting_rule: str = "highest"
    review_mode: str = "after_submit"


DEFAULT_SETTINGS = DefaultQuizSettings()


class QuizSettings(db.Model):
    """How a course's quiz runs (course.md or the editor); without a row, DEFAULT_SETTINGS."""

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), unique=True)
    questions_per_attempt: Mapped[int] = mapped_column(
        Integer, default=DEFAULT_SETTINGS.questions_per_attempt)
    shuffle_questions: Mapped[bool] = mapped_column(Boolean,
                                                    default=DEFAULT_SETTINGS.shuffle_questions)
    shuffle_options: Mapped[bool] = mapped_column(Boolean,
                                                  default=DEFAULT_SETTINGS.shuffle_options)
    max_attempts: Mapped[int] = mapped_column(Integer, default=DEFAULT_SETTINGS.max_attempts)
    time_limit_minutes: Mapped[int] = mapped_column(Integer,
                                                    default=DEFAULT_SETTINGS.time_limit_minutes)
    counting_rule: Mapped[str] = mapped_column(String(10), default=DEFAULT_SETTINGS.counting_rule)
    review_mode: Mapped[str] = mapped_column(String(20), default=DEFAULT_SETTINGS.review_mode)

    __table_args__ = (
        CheckConstraint(_one_of("counting_rule", COUNTING_RULES), name="counting_rule"),
        CheckConstraint(_one_of("review_mode", REVIEW_MODES), name="review_mode"),
    )
