"""Closing a report period for a unit (its figures and all its descendants' are frozen and
stored) and reopening it (admins only). Both are audited."""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, select

from lms.core.audit import record_audit
from lms.core.clock import local_date, utcnow
from lms.core.errors import DomainError
from lms.core.writes import insert_ignoring_duplicates
from lms.extensions import db
from lms.org.imports.common import chunks
from lms.org.models import Unit, UnitClosure
from lms.reports.indicators.aggregation import compute_figures, compute_subtree_figures
from lms.reports.indicators.definitions import Period, empty_figures, figures_to_dict
from lms.reports.indicators.unit_report import find_closed_period
from lms.reports.models import ClosedPeriod, ClosedUnitFigure


class PeriodError(DomainError):
    """A close or reopen that is not allowed (message is user-facing)."""


class PeriodAlreadyClosed(PeriodError):
    """The period is already closed for the unit or for a unit above it."""

    def __init__(self):
        super().__init__(_l("This period is already closed."))


class PeriodAlreadyOpen(PeriodError):
    """The period was reopened already: its figures follow the data."""

    def __init__(self):
        super().__init__(_l("This period is already open."))


class PeriodNotStarted(PeriodError):
    """The period begins after today (in Vietnam): there is nothing to close yet."""

    def __init__(self, period):
        super().__init__(_l("The figures of a period that has not started cannot be closed "
                            "yet: it starts on %(start)s.",
                            start=period.start.strftime("%d/%m/%Y")))


@dataclass
class ClosePreview:
    """What closing the period now would store, for the organizer to confirm."""

    unit: Unit
    period: Period
    figures: dict  # the unit's five indicators as they would be stored
    units_under: int  # active units below it, frozen with it
    at: datetime  # now, naive UTC
    runs_until: date | None  # the period's last day when it is not over yet


def check_can_close(unit, period, today=None):
    """Raise the PeriodError that closing the period now would (not started, already closed)."""
    today = today or local_date(utcnow())
    if not period.has_started(today):
        raise PeriodNotStarted(period)
    if find_closed_period(unit.id, period) is not None:
        raise PeriodAlreadyClosed()


def count_units_under(unit_id):
    """How many active units lie below the unit (closed with it)."""
    return db.session.scalar(
        select(func.count()).select_from(UnitClosure)
        .join(Unit, Unit.id == UnitClosure.descendant_id)
        .where(UnitClosure.ancestor_id == unit_id, UnitClosure.distance > 0,
               Unit.is_active.is_(True)))


def preview_close(unit, period, now=None):
    """What close_period would freeze now: the unit's figures and how many units go with it;
    raises the PeriodError that close_period would."""
    now = now or utcnow()
    today = local_date(now)
    check_can_close(unit, period, today)
    return ClosePreview(unit, period, compute_figures([unit.id], period)[unit.id],
                        count_units_under(unit.id), now,
                        None if period.is_over(today) else period.end)


def snapshot_subtree(unit, period):
    """Row dicts for ClosedUnitFigure (without closed_period_id) of the unit and every
    descendant: one aggregation plus one read of the subtree's units."""
    figures = compute_subtree_figures(unit.id, period)
    rows = db.session.execute(
        select(Unit.id, Unit.code, Unit.name, Unit.kind, Unit.parent_id, Unit.is_active)
        .join(UnitClosure, UnitClosure.descendant_id == Unit.id)
        .where(UnitClosure.ancestor_id == unit.id)
        .order_by(Unit.is_active.desc(), Unit.sort_name, Unit.id)).all()
    return [{"unit_id": row.id, "code": row.code, "name": row.name, "kind": row.kind,
             # The closed unit heads its report: its own parent lies outside it.
             "parent_id": None if row.id == unit.id else row.parent_id,
             # like the live report: inactive (merged) units only when they still hold cadres
             "is_listed": row.is_active or row.id in figures,
             "position": position,
             "indicators": figures_to_dict(figures.get(row.id) or empty_figures())}
            for position, row in enumerate(rows)]


def close_period(unit, period, actor, now=None):
    """Freeze the figures of `unit` and of every descendant for `period`; the caller commits.
    Refused for a period that has not started in Vietnam and for one already closed."""
    now = now or utcnow()
    check_can_close(unit, period, local_date(now))
    # A second closing of the same period sent at once (a double tap) passes the check too:
    # the unique index keeps the one that got there first and this one stores nothing.
    closed_id = db.session.scalar(insert_ignoring_duplicates(ClosedPeriod).values(
        unit_id=unit.id, year=period.year, half=int(period.half),
        closed_by_id=getattr(actor, "id", None), closed_at=now).returning(ClosedPeriod.id))
    if closed_id is None:
        raise PeriodAlreadyClosed()
    closed = db.session.get(ClosedPeriod, closed_id)
    rows = snapshot_subtree(unit, period)
    for chunk in chunks(rows):
        db.session.execute(insert(ClosedUnitFigure),
                           [{**row, "closed_period_id": closed.id} for row in chunk])
    record_audit(actor, "report.close", closed, unit=unit.code, year=period.year,
                 half=bool(period.half))
    return closed


def reopen_period(closed, actor):
    """Reopen a closed period (admins only; the caller checks): live figures again."""
    if closed.reopened_at is not None:
        raise PeriodAlreadyOpen()
    closed.reopened_at = utcnow()
    closed.reopened_by_id = getattr(actor, "id", None)
    db.session.flush()
    record_audit(actor, "report.reopen", closed, unit=closed.unit.code, year=closed.year,
                 half=bool(closed.half))
    return closed
