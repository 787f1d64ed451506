"""The plan's five training indicators on the unit tree (definitions in shared/PRODUCT.md).

Every figure comes from one SQL aggregation over unit subtrees through the closure table
(`unit_closure.ancestor_id = :unit`), grouped by ancestor; trainings are read only through
lms.training.records.training_records(). The dashboard, the exports, the JSON API and the CLI
all call these functions. No request or current_user here.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from types import SimpleNamespace

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, false, func, literal, or_, select, true

from lms.auth.models import User
from lms.core.text import fold_vietnamese
from lms.extensions import db
from lms.org.models import Cadre, Unit, UnitClosure
from lms.org.queries import subtree_ids
from lms.reports.models import ClosedPeriod, ClosedUnitFigure, ReportSettings
from lms.training.records import cadres_trained_between, has_training, training_hours

INDICATOR_IDS = ("annual_training", "digital_training_full_time", "master_dept_leaders",
                 "master_key_cadres", "university_young_chairs")

TARGETS = {"annual_training": 100, "digital_training_full_time": 100, "master_dept_leaders": 50,
           "master_key_cadres": 35, "university_young_chairs": 100}

INDICATOR_LABELS = {
    "annual_training": _l("Cadres trained in the period"),
    "digital_training_full_time": _l("Full-time cadres trained in IT and digital transformation"),
    "master_dept_leaders": _l("Department leaders with a master's degree or higher"),
    "master_key_cadres": _l("City and district key cadres with a master's degree or higher"),
    "university_young_chairs": _l("Commune chairs under 40 with a university degree"),
}

# For table columns, where each cell of a phone's stacked rows repeats its column's label.
INDICATOR_SHORT_LABELS = {
    "annual_training": _l("Trained this period"),
    "digital_training_full_time": _l("IT and digital (full-time)"),
    "master_dept_leaders": _l("Dept. leaders: master's"),
    "master_key_cadres": _l("Key cadres: master's"),
    "university_young_chairs": _l("Young chairs: university"),
}

MISSING_REASON_LABELS = {
    "no_training": _l("No training in the period"),
    "hours_short": _l("Not enough training hours"),
    "no_it": _l("No IT course"),
    "no_digital": _l("No digital transformation course"),
    "no_it_no_digital": _l("No IT course and no digital transformation course"),
    "no_master": _l("No master's degree"),
    "no_university": _l("No university degree"),
}

MASTER_PLUS = ("master", "doctorate")
UNIVERSITY_PLUS = ("university", "master", "doctorate")
LEADING_KINDS = ("city", "district")
YOUNG_AGE = 40

DEFAULT_TERM_START = date(2022, 1, 1)
DEFAULT_TERM_END = date(2026, 12, 31)


@dataclass(frozen=True)
class Period:
    """A report period: a calendar year, or its first half (1 January to 30 June)."""

    year: int
    half: bool = False

    @property
    def start(self):
        return date(self.year, 1, 1)

    @property
    def end(self):
        return date(self.year, 6, 30) if self.half else date(self.year, 12, 31)

    def has_started(self, today):
        """Whether the period has begun by `today` (a Vietnam date)."""
        return self.start <= today

    def is_over(self, today):
        """Whether the period's last day is before `today` (a Vietnam date)."""
        return self.end < today

    @property
    def label(self):
        if self.half:
            return _("January–June %(year)s", year=self.year)
        return str(self.year)


@dataclass
class Figure:
    numerator: int
    denominator: int
    target: int

    @property
    def percent(self):
        if not self.denominator:
            return None
        return round(100 * self.numerator / self.denominator, 1)

    @property
    def on_target(self):
        percent = self.percent
        return None if percent is None else percent >= self.target

    def to_dict(self):
        return {"numerator": self.numerator, "denominator": self.denominator,
                "percent": self.percent, "target": self.target}

    @classmethod
    def from_dict(cls, data, indicator_id):
        return cls(int(data.get("numerator", 0)), int(data.get("denominator", 0)),
                   int(data.get("target", TARGETS[indicator_id])))


def empty_figures():
    return {ind: Figure(0, 0, TARGETS[ind]) for ind in INDICATOR_IDS}


def figures_to_dict(figures):
    return {ind: figures[ind].to_dict() for ind in INDICATOR_IDS}


def figures_from_dict(data):
    return {ind: Figure.from_dict(data.get(ind, {}), ind) for ind in INDICATOR_IDS}


def get_report_settings():
    """The admin's settings row, or an unsaved one holding the defaults."""
    found = db.session.scalar(select(ReportSettings).order_by(ReportSettings.id).limit(1))
    if found is not None:
        return found
    return ReportSettings(term_start=DEFAULT_TERM_START, term_end=DEFAULT_TERM_END,
                          min_hours_per_year=None)


def _term_bounds(settings):
    return (settings.term_start or DEFAULT_TERM_START, settings.term_end or DEFAULT_TERM_END)


def _digital_window(period, settings):
    """IT and digital trainings count from the term start to the end of the report period,
    never after the term end."""
    term_start, term_end = _term_bounds(settings)
    return term_start, min(period.end, term_end)


# Above this many cadres a report reads the period's trainings in one pass instead of
# probing each cadre's: the two cost the same around a few thousand cadres.
SET_BASED_FROM = 5000


def _trained_in_period(period, settings, set_based=False):
    """SQL condition on Cadre: trained in the period (with the minimum hours, when set)."""
    if set_based:
        trained = Cadre.id.in_(cadres_trained_between(period.start, period.end))
    else:
        trained = has_training(Cadre.id, period.start, period.end)
    if settings.min_hours_per_year is None:
        return trained
    return and_(trained, training_hours(Cadre.id, period.start, period.end)
                >= literal(float(settings.min_hours_per_year)))


def _conditions(unit_kind, period, settings, set_based=False):
    """{indicator: (in denominator, in numerator)} as SQL conditions on an active cadre
    joined to her current unit (`unit_kind`)."""
    young_chair = and_(Cadre.is_chair.is_(True), unit_kind == "commune",
                       Cadre.birth_year.is_not(None),
                       literal(period.year) - Cadre.birth_year < YOUNG_AGE)
    start, end = _digital_window(period, settings)
    key_cadre = and_(Cadre.is_key_cadre.is_(True), unit_kind.in_(LEADING_KINDS))
    return {
        "annual_training": (true(), _trained_in_period(period, settings, set_based)),
        "digital_training_full_time": (
            Cadre.is_full_time.is_(True),
            and_(has_training(Cadre.id, start, end, "it"),
                 has_training(Cadre.id, start, end, "digital"))),
        "master_dept_leaders": (Cadre.is_department_leader.is_(True),
                                Cadre.education.in_(MASTER_PLUS)),
        "master_key_cadres": (key_cadre, Cadre.education.in_(MASTER_PLUS)),
        "university_young_chairs": (young_chair, Cadre.education.in_(UNIVERSITY_PLUS)),
    }


def _is_large(in_scope):
    """Whether the cadres matching `in_scope` are many enough (SET_BASED_FROM) to read the
    period's trainings in one pass rather than probe each cadre's (one count statement)."""
    return db.session.scalar(select(func.count(Cadre.id)).where(in_scope)) >= SET_BASED_FROM


def _count_if(condition):
    return func.sum(case((condition, 1), else_=0))


def _count_both(denominator, numerator):
    """Counts rows meeting both; the numerator (training probes) is asked only of the rows
    in the denominator, since CASE evaluates its branches in order and AND may not."""
    return func.sum(case((denominator, case((numerator, 1), else_=0)), else_=0))


def _aggregate(ancestor_filter, period, settings):
    """One statement: figures for every ancestor_id matching `ancestor_filter`, over its
    whole subtree. Units without active cadres are absent from the result.

    Whether a cadre trained in the period is found by a probe of her (cadre_id, date) index
    rows for a small subtree (a leaf unit answers in milliseconds) and by one pass over the
    period's trainings for a large one (see bench-reports).

    The cadres are counted once per unit first (each cadre's training probes run once), then
    the per-unit counts are summed up the closure table for every requested ancestor."""
    in_scope = Cadre.unit_id.in_(select(UnitClosure.descendant_id).where(ancestor_filter))
    conditions = _conditions(Unit.kind, period, settings, set_based=_is_large(in_scope))
    counts = [Cadre.unit_id.label("unit_id")]
    for ind in INDICATOR_IDS:
        denominator, numerator = conditions[ind]
        counts.append(_count_if(denominator).label(f"{ind}_d"))
        counts.append(_count_both(denominator, numerator).label(f"{ind}_n"))
    # MATERIALIZED: computed once, not re-expanded into the join (SQLite 3.35+, PostgreSQL 12+).
    per_unit = (select(*counts).join(Unit, Unit.id == Cadre.unit_id)
                .where(in_scope, Cadre.is_active.is_(True))
                .group_by(Cadre.unit_id).cte("per_unit").prefix_with("MATERIALIZED"))
    names = [f"{ind}_{part}" for ind in INDICATOR_IDS for part in ("d", "n")]
    query = (select(UnitClosure.ancestor_id, *[func.sum(per_unit.c[name]).label(name)
                                               for name in names])
             .join(per_unit, per_unit.c.unit_id == UnitClosure.descendant_id)
             .where(ancestor_filter)
             .group_by(UnitClosure.ancestor_id))
    result = {}
    for row in db.session.execute(query):
        values = row._mapping
        result[row[0]] = {
            ind: Figure(int(values[f"{ind}_n"] or 0), int(values[f"{ind}_d"] or 0), TARGETS[ind])
            for ind in INDICATOR_IDS}
    return result


def compute_figures(unit_ids, period, settings=None):
    """{unit_id: {indicator_id: Figure}} for each unit's whole subtree, in one statement
    (plus one for the settings when not given). Units without cadres get zero figures."""
    unit_ids = list(dict.fromkeys(unit_ids))
    if not unit_ids:
        return {}
    settings = settings or get_report_settings()
    found = _aggregate(UnitClosure.ancestor_id.in_(unit_ids), period, settings)
    return {unit_id: found.get(unit_id) or empty_figures() for unit_id in unit_ids}


def compute_subtree_figures(root_id, period, settings=None):
    """{unit_id: figures} for root_id and EVERY unit below it (for closing a period), in one
    statement whatever the size of the subtree (no long IN lists)."""
    settings = settings or get_report_settings()
    return _aggregate(UnitClosure.ancestor_id.in_(subtree_ids(root_id)), period, settings)


# ---- the unit report: a unit and its direct children, live or as closed ------------------

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
        .order_by(Unit.is_active.desc(), Unit.name, Unit.id)))
    figures = compute_figures([unit_id] + [child.id for child in child_units], period)
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
        in_scope = Cadre.unit_id.in_(subtree_ids(unit_id))
        set_based = _is_large(in_scope)
        trained = [_count_if(_trained_in_period(Period(year), settings, set_based))
                   for year in live_years]
        active, *numerators = db.session.execute(
            select(func.count(Cadre.id), *trained)
            .where(in_scope, Cadre.is_active.is_(True))).one()
        figures.update((year, Figure(int(numerator or 0), active, target))
                       for year, numerator in zip(live_years, numerators, strict=True))
    return YearSeries({year: figures[year] for year in years}, frozenset(closed))


# ---- who is missing --------------------------------------------------------------------

def _missing_reason(indicator_id, period, settings):
    if indicator_id == "annual_training":
        if settings.min_hours_per_year is None:
            return literal("no_training")
        return case((has_training(Cadre.id, period.start, period.end), literal("hours_short")),
                    else_=literal("no_training"))
    if indicator_id == "digital_training_full_time":
        start, end = _digital_window(period, settings)
        has_it = has_training(Cadre.id, start, end, "it")
        has_digital = has_training(Cadre.id, start, end, "digital")
        return case((and_(~has_it, ~has_digital), literal("no_it_no_digital")),
                    (~has_it, literal("no_it")), else_=literal("no_digital"))
    if indicator_id == "university_young_chairs":
        return literal("no_university")
    return literal("no_master")


def missing_cadres_query(unit_id, indicator_id, period, search=""):
    """SELECT (Cadre, unit_name, reason) of the active cadres in unit_id's subtree who are in
    the indicator's denominator but not in its numerator, ordered by unit then name.
    `search` matches the name ignoring case and diacritics, or the exact code."""
    if indicator_id not in INDICATOR_IDS:
        raise ValueError(f"unknown indicator {indicator_id!r}")
    settings = get_report_settings()
    in_subtree = Cadre.unit_id.in_(subtree_ids(unit_id))
    denominator, numerator = _conditions(Unit.kind, period, settings)[indicator_id]
    query = (select(Cadre, Unit.name.label("unit_name"),
                    _missing_reason(indicator_id, period, settings).label("reason"))
             .join(Unit, Unit.id == Cadre.unit_id)
             .where(in_subtree, Cadre.is_active.is_(True), denominator, ~numerator))
    term = (search or "").strip()
    if term:
        folded = fold_vietnamese(term)
        query = query.where(or_(Cadre.search_name.contains(folded, autoescape=True),
                                func.lower(Cadre.code) == term.lower()) if folded else false())
    return query.order_by(Unit.name, Cadre.search_name, Cadre.id)
