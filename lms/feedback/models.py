"""Surveys, their questions and answers.

An anonymous survey's answers must not be tied to the learner who gave them, by any page, any
export, nor anyone reading the tables. So who answered and what was answered live in two tables
with nothing in common but the survey:

- `SurveyRespondent` says that a cadre answered (the once-only rule, the certificate's wait);
  it has no time and no surrogate id, so its rows carry no order to match.
- `SurveyResponse` holds one learner's answers. Its key is a random token, not a counter, so
  neither its key nor the order of keys follows the order of answering; an anonymous response
  keeps no cadre and no date (a day would be enough to pick out the one learner who finished
  the course that day). A named survey's response keeps the cadre and the day.
- `SurveyAnswer` rows are keyed by (response, question): no counter either.
"""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    SmallInteger,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.catalog.models import Course
from lms.extensions import db
from lms.org.models import Cadre
from lms.training.models import TrainingSession

QUESTION_KINDS = ("rating", "text")
QUESTION_KIND_LABELS = {"rating": _l("Rating from 1 to 5"), "text": _l("Open question")}
RATINGS = (1, 2, 3, 4, 5)


class Survey(db.Model):
    """The feedback form of one course or one in-person session (never both)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int | None] = mapped_column(ForeignKey("course.id"), unique=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("training_session.id"),
                                                   unique=True)
    is_anonymous: Mapped[bool] = mapped_column(Boolean, default=True)
    # The learner answers before she may download the course's certificate.
    is_required: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    course: Mapped[Course | None] = relationship()
    session: Mapped[TrainingSession | None] = relationship()
    questions: Mapped[list["SurveyQuestion"]] = relationship(
        order_by="SurveyQuestion.position", back_populates="survey",
        cascade="all, delete-orphan")

    __table_args__ = (
        CheckConstraint("(course_id IS NULL) <> (session_id IS NULL)", name="one_subject"),
    )

    @property
    def subject_title(self):
        return self.course.title if self.course_id else self.session.title


class SurveyQuestion(db.Model):
    """One question, in the order the survey shows them."""

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    text: Mapped[str] = mapped_column(String(500))

    survey: Mapped[Survey] = relationship(back_populates="questions")

    __table_args__ = (
        CheckConstraint("kind IN ('" + "', '".join(QUESTION_KINDS) + "')", name="kind"),
    )


class SurveyRespondent(db.Model):
    """A cadre answered a survey: no time, no link to her answers."""

    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id"), primary_key=True)
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id"), primary_key=True)


class SurveyResponse(db.Model):
    """One learner's answers; `id` is random. Anonymous: no cadre, no date."""

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id"), index=True)
    cadre_id: Mapped[int | None] = mapped_column(ForeignKey("cadre.id"))
    submitted_on: Mapped[date | None] = mapped_column(Date)

    cadre: Mapped[Cadre | None] = relationship()
    answers: Mapped[list["SurveyAnswer"]] = relationship(cascade="all, delete-orphan")


class SurveyAnswer(db.Model):
    """The answer to one question: a rating 1-5 or a text (an open question left empty has
    no row)."""

    response_id: Mapped[str] = mapped_column(ForeignKey("survey_response.id"),
                                             primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("survey_question.id"),
                                             primary_key=True, index=True)
    rating: Mapped[int | None] = mapped_column(SmallInteger)
    text: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating"),
    )
