"""Enrollments, lesson progress, completions (the fact reports count), assignments and
certificates."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.catalog.models import Course, Lesson
from lms.core.cycles import cycle_default
from lms.extensions import db
from lms.org.models import Cadre, Unit


class Assignment(db.Model):
    """An organizer's order that the cadres of a unit subtree (optionally only those with
    the chosen flags) take a course by a due date. Withdrawing keeps their progress."""

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    only_full_time: Mapped[bool] = mapped_column(Boolean, default=False)
    only_key_cadres: Mapped[bool] = mapped_column(Boolean, default=False)
    only_department_leaders: Mapped[bool] = mapped_column(Boolean, default=False)
    only_chairs: Mapped[bool] = mapped_column(Boolean, default=False)
    due_date: Mapped[date | None] = mapped_column(Date)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime)

    course: Mapped[Course] = relationship()
    unit: Mapped[Unit] = relationship()

    @property
    def is_active(self):
        return self.withdrawn_at is None


class Enrollment(db.Model):
    """A cadre taking a course in one cycle (the Vietnam year she took it up), by her own
    choice or by an assignment. Her latest cycle is the current one; earlier cycles, with
    their progress and completion, are history."""

    id: Mapped[int] = mapped_column(primary_key=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id"), index=True)
    due_date: Mapped[date | None] = mapped_column(Date)
    enrolled_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    # When the course's quiz was first passed: with every lesson done, the course completes.
    quiz_passed_at: Mapped[datetime | None] = mapped_column(DateTime)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    cycle: Mapped[int] = mapped_column(Integer, default=cycle_default("enrolled_at"))

    cadre: Mapped[Cadre] = relationship()
    course: Mapped[Course] = relationship()
    assignment: Mapped[Assignment | None] = relationship()

    __table_args__ = (UniqueConstraint("cadre_id", "course_id", "cycle"),)


class LessonProgress(db.Model):
    """A lesson the cadre marked done in a cycle (her enrollment's); kept by lesson id, so
    course updates never lose it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"), index=True)
    completed_at: Mapped[datetime] = mapped_column(DateTime)
    cycle: Mapped[int] = mapped_column(Integer, default=cycle_default("completed_at"))

    lesson: Mapped[Lesson] = relationship()

    __table_args__ = (UniqueConstraint("cadre_id", "lesson_id", "cycle"),)


class ScormData(db.Model):
    """What a SCORM lesson's package recorded for a cadre (its cmi data model): saved as she
    goes, given back to the package on any phone she opens the lesson on."""

    id: Mapped[int] = mapped_column(primary_key=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"), index=True)
    lesson_status: Mapped[str] = mapped_column(String(20), default="not attempted")
    score_raw: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    lesson_location: Mapped[str] = mapped_column(String(255), default="")
    suspend_data: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now(),
                                                 onupdate=func.now())

    __table_args__ = (UniqueConstraint("cadre_id", "lesson_id"),)


class CourseCompletion(db.Model):
    """That a cadre completed a course, and when: the training fact reports count.

    Written once per cycle (unique per cadre, course and cycle): a course taken again next
    year completes again, with its own date, hours and certificate. Track and hours are
    copied from the course at completion so a later edit of the course does not rewrite
    history.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    track: Mapped[str] = mapped_column(String(20))
    hours: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    completed_at: Mapped[datetime] = mapped_column(DateTime)
    # The day in Vietnam it happened: a completion at 23:30 on 31 December counts in that year.
    completed_on: Mapped[date] = mapped_column(Date)
    # The enrollment's cycle: usually completed_on's year, earlier when finished late.
    cycle: Mapped[int] = mapped_column(Integer, default=cycle_default("completed_at"))

    course: Mapped[Course] = relationship()
    cadre: Mapped[Cadre] = relationship()

    __table_args__ = (
        UniqueConstraint("cadre_id", "course_id", "cycle"),
        Index("ix_course_completion_completed_on", "completed_on", "cadre_id"),
        Index("ix_course_completion_cadre_track", "cadre_id", "track", "completed_on"),
        # The per-cadre "trained in the period" probe of the indicators: a direct seek.
        Index("ix_course_completion_cadre_day", "cadre_id", "completed_on"),
    )


class Certificate(db.Model):
    """The certificate issued for a completion; `code` is what the QR code verifies."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(24), unique=True)
    completion_id: Mapped[int] = mapped_column(ForeignKey("course_completion.id"), unique=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    is_revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    download_count: Mapped[int] = mapped_column(Integer, default=0)

    completion: Mapped[CourseCompletion] = relationship()
