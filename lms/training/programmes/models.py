"""A yearly training programme and its requirements."""

from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Table,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.catalog.models import Course
from lms.extensions import db
from lms.org.models import Cadre, Unit

PROGRAMME_STATES = ("draft", "published")
REQUIREMENT_KINDS = ("course", "one_of", "hours")
REQUIREMENT_KIND_LABELS = {
    "course": _l("A given course"),
    "one_of": _l("One course out of a list"),
    "hours": _l("At least N hours of training in a track"),
}


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Programme(db.Model):
    """What the active cadres of a unit's subtree (optionally only those with the chosen
    flags) must complete in `year`, by `due_date`. Whom it applies to is worked out when it
    is read, so cadres who join the unit or gain a flag later enter it by themselves."""

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    year: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    due_date: Mapped[date] = mapped_column(Date)
    only_full_time: Mapped[bool] = mapped_column(Boolean, default=False)
    only_key_cadres: Mapped[bool] = mapped_column(Boolean, default=False)
    only_department_leaders: Mapped[bool] = mapped_column(Boolean, default=False)
    only_chairs: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    rolled_from_id: Mapped[int | None] = mapped_column(ForeignKey("programme.id"))

    unit: Mapped[Unit] = relationship()
    requirements: Mapped[list["ProgrammeRequirement"]] = relationship(
        back_populates="programme", order_by="ProgrammeRequirement.position",
        cascade="all, delete-orphan")

    __table_args__ = (
        CheckConstraint(_in("status", PROGRAMME_STATES), name="status"),
        Index("ix_programme_unit_year", "unit_id", "year"),
    )

    @property
    def is_draft(self):
        return self.status == "draft"


programme_requirement_course = Table(
    "programme_requirement_course",
    db.metadata,
    Column("requirement_id", ForeignKey("programme_requirement.id", ondelete="CASCADE"),
           primary_key=True),
    Column("course_id", ForeignKey("course.id"), primary_key=True, index=True),
)


class ProgrammeRequirement(db.Model):
    """One line of a programme: a given course, one course out of a list, or at least
    `hours` hours of training in `track` (any track when None), online or in person."""

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(Integer, default=1)
    hours: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    track: Mapped[str | None] = mapped_column(String(20))

    programme: Mapped[Programme] = relationship(back_populates="requirements")
    courses: Mapped[list[Course]] = relationship(secondary=programme_requirement_course,
                                                 order_by=Course.sort_title)

    __table_args__ = (CheckConstraint(_in("kind", REQUIREMENT_KINDS), name="kind"),)

    @property
    def kind_label(self):
        return REQUIREMENT_KIND_LABELS.get(self.kind, self.kind)


class ProgrammeCompletion(db.Model):
    """That a cadre met every requirement of a published programme: her programme
    certificate, whose `code` (HN-CT-XXXX-XXXX-XXXX) the QR code verifies.

    Written once per programme and cadre, and kept: a training removed or edited later, a
    move out of the unit or a lost flag does not take it back (the status shown may change,
    the certificate stays). `completed_on` is the day her last requirement was met;
    `issued_at` when it was recorded.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"))
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id"), index=True)
    completed_on: Mapped[date] = mapped_column(Date)
    issued_at: Mapped[datetime] = mapped_column(DateTime)
    code: Mapped[str] = mapped_column(String(24), unique=True)
    is_revoked: Mapped[bool] = mapped_column(Boolean, default=False)

    programme: Mapped[Programme] = relationship()
    cadre: Mapped[Cadre] = relationship()

    __table_args__ = (UniqueConstraint("programme_id", "cadre_id"),)
