"""A unit's report: its five indicators and its direct children's, live or as stored when
the period was closed, and the five-year series the dashboard charts. The dashboard, the
exports, the JSON API and the CLI all read these. No request or current_user here.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import and_, func, select

from lms.auth.models import User
from lms.extensions import db, result_cache
from lms.org.models import Cadre, Unit, UnitClosure
from lms.org.queries import subtree_ids
from lms.reports.indicators.aggregation import (
    INDICATORS_CACHE,
    compute_unit_and_children_figures,
    count_if,
    get_report_settings,
    is_large,
    joins_trained_set,
    settings_key,
    trained_in_period,
    trained_in_set,
)
from lms.reports.indicators.definitions import TARGETS, Figure, Period, figures_from_dict
from lms.reports.models import ClosedPeriod, ClosedUnitFigure
from lms.training.records import cadre_training_years


@dataclass
class ClosedInfo:
    closed_id: int
    unit_id: int
    closed_at: datetime
    closed_by: str | None


@dataclass
class UnitReport:
    unit: Unit
    period: Period
    figures: dict
    children: list = field(default_factory=list)
    closed: ClosedInfo | None = None


def _covering_closed_periods(unit_id, years, half):
    """(ClosedPeriod, closer's display name, the unit's ClosedUnitFigure) for each closing of
    unit_id or one of its ancestors for any of `years`, not reopened, that stored the unit:
    by year, the nearest and latest first."""
    return db.session.execute(
        select(ClosedPeriod, User.display_name, ClosedUnitFigure)
        .join(UnitClosure, and_(UnitClosure.ancestor_id == ClosedPeriod.unit_id,
                                UnitClosure.descendant_id == unit_id))
        .join(ClosedUnitFigure, and_(ClosedUnitFigure.closed_period_id == ClosedPeriod.id,
                                     ClosedUnitFigure.unit_id == unit_id))
        .outerjoin(User, User.id == ClosedPeriod.closed_by_id)
        .where(ClosedPeriod.year.in_(list(years)), ClosedPeriod.half == int(half),
               ClosedPeriod.reopened_at.is_(None))
        .order_by(ClosedPeriod.year, UnitClosure.distance, ClosedPeriod.closed_at.desc(),
                  ClosedPeriod.id.desc())).all()


def find_closed_period(unit_id, period):
    """The (ClosedPeriod, closer's display name, the unit's ClosedUnitFigure) that covers
    unit_id for this period — closed for the unit or for one of its ancestors, not reopened,
    with the unit stored — the nearest first; None when the period is open."""
    found = _covering_closed_periods(unit_id, [period.year], period.half)
    return found[0] if found else None


def _stored_children(closed_period_id, unit_id):
    """(unit, figures) of the children listed under unit_id when the period was closed: the
    unit as it is now, or as stored if it is gone."""
    stored = list(db.session.scalars(
        select(ClosedUnitFigure)
        .where(ClosedUnitFigure.closed_period_id == closed_period_id,
               ClosedUnitFigure.parent_id == unit_id, ClosedUnitFigure.is_listed.is_(True))
        .order_by(ClosedUnitFigure.position)))
    units = _units_by_id([row.unit_id for row in stored])
    return [(units.get(row.unit_id) or SimpleNamespace(id=row.unit_id, code=row.code,
                                                        name=row.name, kind=row.kind),
             figures_from_dict(row.indicators or {}))
            for row in stored]


def _units_by_id(ids):
    if not ids:
        return {}
    return {unit.id: unit for unit in db.session.scalars(select(Unit).where(Unit.id.in_(ids)))}


def get_unit_report(unit_id, period):
    """The unit's figures and its direct children's; the stored figures when the period is
    closed for the unit or an ancestor. A constant number of statements. None if no unit."""
    unit = db.session.get(Unit, unit_id)
    if unit is None:
        return None
    found = find_closed_period(unit_id, period)
    if found is not None:
        closed, closer, entry = found
        info = ClosedInfo(closed.id, closed.unit_id, closed.closed_at, closer)
        return UnitReport(unit, period, figures_from_dict(entry.indicators or {}),
                          _stored_children(closed.id, unit_id), info)
    child_units = list(db.session.scalars(
        select(Unit).where(Unit.parent_id == unit_id)
        .order_by(Unit.is_active.desc(), Unit.sort_name, Unit.id)))
    figures = compute_unit_and_children_figures(unit_id, [child.id for child in child_units],
                                                period)
    children = [(child, figures[child.id]) for child in child_units
                if child.is_active or any(f.denominator for f in figures[child.id].values())]
    return UnitReport(unit, period, figures[unit_id], children, None)


@dataclass
class YearSeries:
    """annual_training of a subtree year by year: {year: Figure}, and the years whose figure
    is the stored one of a closed year."""

    figures: dict
    closed_years: frozenset = frozenset()


def get_annual_training_series(unit_id, years):
    """annual_training of the unit's subtree for each of `years`: the stored figure of a closed
    year, the live one otherwise. At most four statements whatever the number of years and the
    size of the tree (settings, closed years, strategy count, one aggregate with a column per
    year)."""
    years = sorted(set(years))
    settings = get_report_settings()
    closed = {}
    for closed_period, _closer, entry in _covering_closed_periods(unit_id, years, half=False):
        closed.setdefault(closed_period.year, Figure.from_dict(
            (entry.indicators or {}).get("annual_training", {}), "annual_training"))
    target = TARGETS["annual_training"]
    figures = dict(closed)
    live_years = [year for year in years if year not in closed]
    if live_years:
        figures.update(result_cache.get_or_compute(
            INDICATORS_CACHE, ("series", unit_id, live_years, *settings_key(settings)),
            lambda: _live_series(unit_id, live_years, settings, target),
            dumps=lambda found: json.dumps({year: [figure.numerator, figure.denominator]
                                            for year, figure in found.items()}),
            loads=lambda stored: {int(year): Figure(counts[0], counts[1], target)
                                  for year, counts in json.loads(stored).items()}))
    return YearSeries({year: figures[year] for year in years}, frozenset(closed))


def _live_series(unit_id, years, settings, target):
    """{year: Figure} of annual_training for the unit's subtree, computed now."""
    in_scope = Cadre.unit_id.in_(subtree_ids(unit_id))
    large = is_large(in_scope)
    if large and joins_trained_set():
        return _series_by_join(in_scope, years, settings, target)
    trained_in = trained_in_set if large else trained_in_period
    trained = [count_if(trained_in(Period(year), settings)) for year in years]
    active, *numerators = db.session.execute(
        select(func.count(Cadre.id), *trained)
        .where(in_scope, Cadre.is_active.is_(True))).one()
    return {year: Figure(int(numerator or 0), active, target)
            for year, numerator in zip(years, numerators, strict=True)}


def _series_by_join(in_scope, years, settings, target):
    """{year: Figure} for a large subtree on PostgreSQL: the (cadre, year) pairs of one
    grouped pass over the years' trainings, joined to the subtree's active cadres and counted
    per year (two statements, linear in cadres and trainings whatever work_mem)."""
    active = db.session.scalar(select(func.count(Cadre.id))
                               .where(in_scope, Cadre.is_active.is_(True)))
    pairs = cadre_training_years(min(years), max(years), settings.min_hours_per_year).subquery()
    counted = {int(year): count for year, count in db.session.execute(
        select(pairs.c.year, func.count())
        .join(Cadre, Cadre.id == pairs.c.cadre_id)
        .where(in_scope, Cadre.is_active.is_(True))
        .group_by(pairs.c.year))}
    return {year: Figure(int(counted.get(year, 0)), active, target) for year in years}
