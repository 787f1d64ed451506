"""Closing a report period for a unit (its figures and all its descendants' are frozen and
stored) and reopening it (admins only). Both are audited."""

from sqlalchemy import select

from lms.core.audit import record_audit
from lms.core.clock import utcnow
from lms.extensions import db
from lms.org.models import Unit, UnitClosure
from lms.reports.indicators import compute_subtree_figures, empty_figures, figures_to_dict
from lms.reports.models import ClosedPeriod


class PeriodError(Exception):
    """A close or reopen that is not allowed (message is user-facing)."""


def _unit_dict(unit_id, code, name, kind):
    return {"id": unit_id, "code": code, "name": name, "kind": kind}


def snapshot_subtree(unit, period):
    """{"<unit id>": {"unit": {...}, "indicators": {...}, "children": [ids]}} for the unit and
    every descendant: one aggregation plus one read of the subtree's units."""
    figures = compute_subtree_figures(unit.id, period)
    rows = db.session.execute(
        select(Unit.id, Unit.code, Unit.name, Unit.kind, Unit.parent_id, Unit.is_active)
        .join(UnitClosure, UnitClosure.descendant_id == Unit.id)
        .where(UnitClosure.ancestor_id == unit.id)
        .order_by(Unit.is_active.desc(), Unit.name, Unit.id)).all()
    children = {}
    for row in rows:
        if row.id == unit.id:
            continue
        child_figures = figures.get(row.id)
        # like the live report: inactive (merged) units only when they still hold cadres
        if row.is_active or child_figures is not None:
            children.setdefault(row.parent_id, []).append(row.id)
    return {str(row.id): {"unit": _unit_dict(row.id, row.code, row.name, row.kind),
                          "indicators": figures_to_dict(figures.get(row.id) or empty_figures()),
                          "children": children.get(row.id, [])}
            for row in rows}


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
                          figures=snapshot_subtree(unit, period),
                          closed_by_id=getattr(actor, "id", None), closed_at=utcnow())
    db.session.add(closed)
    db.session.flush()
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
