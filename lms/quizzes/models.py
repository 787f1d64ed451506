"""Quiz attempts, their answers and results. An attempt copies its questions when it starts,
so a trainer editing the bank never changes an attempt in progress or a graded one."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.catalog.models import Course
from lms.core.cycles import cycle_default
from lms.extensions import db
from lms.org.models import Cadre


class QuizAttempt(db.Model):
    """One sitting of a quiz in a cycle (the learner's enrollment's year). `number` is unique
    per learner, course and cycle, and a learner has at most one open (unsubmitted) attempt
    per course and cycle: two taps on "start" open one."""

    id: Mapped[int] = mapped_column(primary_key=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    seed: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    deadline_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Question ids in the order shown, and a copy of each question as it was at the start.
    question_ids: Mapped[list] = mapped_column(JSON)
    snapshots: Mapped[dict] = mapped_column(JSON)
    option_orders: Mapped[dict] = mapped_column(JSON)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime)
    cycle: Mapped[int] = mapped_column(Integer, default=cycle_default("started_at"))

    cadre: Mapped[Cadre] = relationship()
    course: Mapped[Course] = relationship()
    result: Mapped["AttemptResult | None"] = relationship(back_populates="attempt",
                                                          uselist=False)

    __table_args__ = (
        UniqueConstraint("cadre_id", "course_id", "cycle", "number"),
        # A partial unique index: SQLite and PostgreSQL both refuse a second open attempt,
        # whatever the requests read before inserting.
        Index("uq_quiz_attempt_open", "cadre_id", "course_id", "cycle", unique=True,
              sqlite_where=text("submitted_at IS NULL"),
              postgresql_where=text("submitted_at IS NULL")),
    )


class AttemptAnswer(db.Model):
    """The learner's latest answer to one question, saved as she gives it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempt.id"))
    question_id: Mapped[int] = mapped_column(Integer)
    response: Mapped[object] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(DateTime)
    # The phone's number of this answer (it keeps answers given offline and sends them when the
    # connection returns, in order, perhaps twice): an answer with a number not higher than
    # this one's is an older or repeated send and is ignored. None: from the plain form.
    sequence: Mapped[int | None] = mapped_column(BigInteger, nullable=True)

    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)


class AttemptResult(db.Model):
    """The grade of a submitted attempt. Its primary key is the attempt: a second submission,
    however it arrives, cannot write a second result."""

    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempt.id"), primary_key=True)
    earned: Mapped[float] = mapped_column(Float)
    possible: Mapped[float] = mapped_column(Float)
    percent: Mapped[float] = mapped_column(Float)
    passed: Mapped[bool] = mapped_column(Boolean)
    graded_at: Mapped[datetime] = mapped_column(DateTime)
    # Per question: {"<question id>": {"earned", "possible"}} for the review and item analysis.
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    attempt: Mapped[QuizAttempt] = relationship(back_populates="result")

    __table_args__ = (Index("ix_attempt_result_passed", "passed"),)
