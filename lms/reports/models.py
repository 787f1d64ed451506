"""Report settings and closed (frozen) report periods."""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    func,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.extensions import db
from lms.org.models import Unit
from lms.reports.indicators.definitions import DEFAULT_TERM_END, DEFAULT_TERM_START


class ReportSettings(db.Model):
    """The admin's settings for the indicators (one row; defaults when absent)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    term_start: Mapped[date] = mapped_column(Date, default=DEFAULT_TERM_START)
    term_end: Mapped[date] = mapped_column(Date, default=DEFAULT_TERM_END)
    # annual_training: minimum hours of training in the year; None means one training is enough.
    min_hours_per_year: Mapped[float | None] = mapped_column(Numeric(5, 1))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now(),
                                                 onupdate=func.now())


class ClosedPeriod(db.Model):
    """A report period an organizer closed for a unit: the figures of the unit and of all its
    descendants at closing time (ClosedUnitFigure rows), stored so later changes do not alter
    the closed report.

    half = 0: the whole year; half = 1: January to June. Reopening keeps the row (audited);
    at most one row per unit and period is open, so two closings racing each other (a
    double tap) cannot both be stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    year: Mapped[int] = mapped_column(Integer)
    half: Mapped[int] = mapped_column(Integer, default=0)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    closed_at: Mapped[datetime] = mapped_column(DateTime)
    reopened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reopened_at: Mapped[datetime | None] = mapped_column(DateTime)

    unit: Mapped[Unit] = relationship()

    __table_args__ = (
        Index("ix_closed_period_lookup", "year", "half", "unit_id"),
        Index("uq_closed_period_open", "unit_id", "year", "half", unique=True,
              sqlite_where=text("reopened_at IS NULL"),
              postgresql_where=text("reopened_at IS NULL")),
    )


class ClosedUnitFigure(db.Model):
    """One unit of a closed period's subtree as it stood at closing: its code, name, kind and
    parent, and its five indicators. One row per unit, so a report under a closed city reads
    its own row and its children's, never the whole city's."""

    closed_period_id: Mapped[int] = mapped_column(
        ForeignKey("closed_period.id", ondelete="CASCADE"), primary_key=True)
    # No foreign key: the stored report stands even if the unit is later merged away.
    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    parent_id: Mapped[int | None] = mapped_column(Integer)
    # Listed among its parent's children (inactive units only when they held cadres), in order.
    is_listed: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    # {indicator id: {"numerator", "denominator", "percent", "target"}}
    indicators: Mapped[dict] = mapped_column(JSON)

    __table_args__ = (Index("ix_closed_unit_figure_children", "closed_period_id", "parent_id"),)
