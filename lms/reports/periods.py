"""Closing a report period for a unit (its figures and all its descendants' are frozen and
stored) and reopening it (admins only). Both are audited."""

from sqlalchemy import insert, select

from lms.core.audit import record_audit
from lms.core.clock import utcnow
from lms.extensions import db
from lms.org.imports.common import chunks
from lms.org.models import Unit, UnitClosure
from lms.reports.indicators import compute_subtree_figures, empty_figures, figures_to_dict
from lms.reports.models import ClosedPeriod, ClosedUnitFigure


class PeriodError(Exception):
    """A close or reopen that is not allowed (message is user-facing)."""


def snapshot_subtree(unit, period):
    """Row dicts for ClosedUnitFigure (without closed_period_id) of the unit and every
    descendant: one aggregation plus one read of the subtree's units."""
    figures = compute_subtree_figures(unit.id, period)
    rows = db.session.execute(
        select(Unit.id, Unit.code, Unit.name, Unit.kind, Unit.parent_id, Unit.is_active)
        .join(UnitClosure, UnitClosure.descendant_id == Unit.id)
        .where(UnitClosure.ancestor_id == unit.id)
        .order_by(Unit.is_active.desc(), Unit.name, Unit.id)).all()
    return [{"unit_id": row.id, "code": row.code, "name": row.name, "kind": row.kind,
             # The closed unit heads its report: its own parent lies outside it.
             "parent_id": None if row.id == unit.id else row.parent_id,
             # like the live report: inactive (merged) units only when they still hold cadres
             "is_listed": row.is_active or row.id in figures,
             "position": position,
             "indicators": figures_to_dict(figures.get(row.id) or empty_figures())}
            for position, row in enumerate(rows)]


def get_open_close(unit_id, period):
    """The unit's own closing for the period that is not reopened, or None."""
    return db.session.scalar(select(ClosedPeriod).where(
        ClosedPeriod.unit_id == unit_id, ClosedPeriod.year == period.year,
        ClosedPeriod.half == int(period.half), ClosedPeriod.reopened_at.is_(None)))


def close_period(unit, period, actor):
    """Freeze the figures of `unit` and of every descendant for `period`; the caller commits."""
    if get_open_close(unit.id, period) is not None:
        raise PeriodError("already closed")
    closed = ClosedPeriod(unit_id=unit.id, year=period.year, half=int(period.half),
                          closed_by_id=getattr(actor, "id", None), closed_at=utcnow())
    db.session.add(closed)
    db.session.flush()
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
        raise PeriodError("already reopened")
    closed.reopened_at = utcnow()
    closed.reopened_by_id = getattr(actor, "id", None)
    db.session.flush()
    record_audit(actor, "report.reopen", closed, unit=closed.unit.code, year=closed.year,
                 half=bool(closed.half))
    return closed
