"""The indicator figures: one SQL aggregation over unit subtrees through the closure table
(`unit_closure.ancestor_id = :unit`), grouped by ancestor; trainings are read only through
lms.training.records. The dashboard, the exports, the JSON API and the CLI all come here.
No request or current_user here.
"""

import json

from sqlalchemy import and_, case, func, literal, or_, select, true
from sqlalchemy.orm import aliased

from lms.core.cache import watch
from lms.extensions import db, result_cache
from lms.org.models import Cadre, Unit, UnitClosure
from lms.org.queries import subtree_ids
from lms.reports.indicators.definitions import (
    DEFAULT_TERM_END,
    DEFAULT_TERM_START,
    INDICATOR_IDS,
    LEADING_KINDS,
    MASTER_PLUS,
    TARGETS,
    UNIVERSITY_PLUS,
    YOUNG_AGE,
    Figure,
    empty_figures,
    figures_from_dict,
    figures_to_dict,
)
from lms.reports.models import ReportSettings
from lms.training.records import cadres_trained_between, has_training, training_hours

# The tables the indicator figures are computed from: a committed write to any of them
# makes the cached figures old (lms/core/cache.py). tests/reports/test_figure_cache.py
# checks that this names every table the indicator statements read.
INDICATORS_CACHE = "indicators"
INDICATOR_INPUT_TABLES = ("cadre", "unit", "unit_closure", "course_completion", "attendance",
                          "training_session", "report_settings", "closed_period",
                          "closed_unit_figure")
watch(INDICATORS_CACHE, INDICATOR_INPUT_TABLES)


def get_report_settings():
    """The admin's settings row, or an unsaved one holding the defaults."""
    found = db.session.scalar(select(ReportSettings).order_by(ReportSettings.id).limit(1))
    if found is not None:
        return found
    return ReportSettings(term_start=DEFAULT_TERM_START, term_end=DEFAULT_TERM_END,
                          min_hours_per_year=None)


def _term_bounds(settings):
    return (settings.term_start or DEFAULT_TERM_START, settings.term_end or DEFAULT_TERM_END)


def digital_window(period, settings):
    """IT and digital trainings count from the term start to the end of the report period,
    never after the term end."""
    term_start, term_end = _term_bounds(settings)
    return term_start, min(period.end, term_end)


# Above this many cadres a report reads the period's trainings in one grouped pass (joined
# to the cadres) instead of probing each cadre's: the two cost the same around a few
# thousand cadres.
SET_BASED_FROM = 5000


def trained_in_period(period, settings):
    """SQL condition on Cadre, a probe per cadre: trained in the period (with the minimum
    hours, when set). For small subtrees; large ones read the period's trainings once."""
    trained = has_training(Cadre.id, period.start, period.end)
    if settings.min_hours_per_year is None:
        return trained
    return and_(trained, training_hours(Cadre.id, period.start, period.end)
                >= literal(float(settings.min_hours_per_year)))


def joins_trained_set():
    """How a large subtree finds its trained cadres. PostgreSQL joins the set (LEFT JOIN
    ... IS NOT NULL): it answers `cadre.id IN (set)` inside a CASE with a hashed subplan only
    while the set fits in work_mem, and past that rescans the set for every cadre. SQLite
    has no such cliff (it builds an index on an IN set once) and no hash join: there IN is
    several times faster than the join."""
    return db.session.get_bind().dialect.name == "postgresql"


def trained_in_set(period, settings):
    """SQL condition on Cadre for SQLite's large subtrees: in the period's trained set."""
    return Cadre.id.in_(cadres_trained_between(period.start, period.end,
                                               settings.min_hours_per_year))


def trained_set(period, settings, name="trained_cadre"):
    """A CTE of the ids of the cadres trained in the period (with the minimum hours, when
    set), to LEFT JOIN on Cadre.id for a large subtree (PostgreSQL: joins_trained_set)."""
    return cadres_trained_between(period.start, period.end, settings.min_hours_per_year,
                                  union_of_ids=True).cte(name)


def indicator_conditions(unit_kind, period, settings, trained=None):
    """{indicator: (in denominator, in numerator)} as SQL conditions on an active cadre
    joined to her current unit (`unit_kind`). `trained`: a condition that replaces the
    per-cadre probe of annual_training (a joined trained_set's column IS NOT NULL)."""
    young_chair = and_(Cadre.is_chair.is_(True), unit_kind == "commune",
                       Cadre.birth_year.is_not(None),
                       literal(period.year) - Cadre.birth_year < YOUNG_AGE)
    start, end = digital_window(period, settings)
    key_cadre = and_(Cadre.is_key_cadre.is_(True), unit_kind.in_(LEADING_KINDS))
    return {
        "annual_training": (true(), trained_in_period(period, settings)
                            if trained is None else trained),
        "digital_training_full_time": (
            Cadre.is_full_time.is_(True),
            and_(has_training(Cadre.id, start, end, "it"),
                 has_training(Cadre.id, start, end, "digital"))),
        "master_dept_leaders": (Cadre.is_department_leader.is_(True),
                                Cadre.education.in_(MASTER_PLUS)),
        "master_key_cadres": (key_cadre, Cadre.education.in_(MASTER_PLUS)),
        "university_young_chairs": (young_chair, Cadre.education.in_(UNIVERSITY_PLUS)),
    }


def is_large(in_scope):
    """Whether the cadres matching `in_scope` are many enough (SET_BASED_FROM) to read the
    period's trainings in one pass rather than probe each cadre's: one count that stops at
    SET_BASED_FROM rows, so a city of a million cadres costs it no more than a ward."""
    first_rows = select(Cadre.id).where(in_scope).limit(SET_BASED_FROM).subquery()
    return db.session.scalar(select(func.count()).select_from(first_rows)) >= SET_BASED_FROM


def count_if(condition):
    return func.sum(case((condition, 1), else_=0))


def _count_both(denominator, numerator):
    """Counts rows meeting both; the numerator (training probes) is asked only of the rows
    in the denominator, since CASE evaluates its branches in order and AND may not."""
    return func.sum(case((denominator, case((numerator, 1), else_=0)), else_=0))


def _summed_up_to(ancestor_ids):
    """The condition that picks, among each unit's closure rows, those of the requested
    ancestors. On SQLite `ancestor_id + 0` keeps it off the (ancestor_id, descendant_id)
    index: SQLite would otherwise seek each unit's row under each of the ancestors (the city
    and its 126 wards: 127 seeks a unit, two thirds of the statement) instead of reading the
    unit's few ancestors by descendant_id and keeping the requested ones."""
    column = UnitClosure.ancestor_id
    if db.session.get_bind().dialect.name == "sqlite":
        column = column + 0
    return column.in_(ancestor_ids)


def _trained_condition(in_scope, period, settings):
    """(a CTE to LEFT JOIN on Cadre.id or None, the condition that replaces annual_training's
    per-cadre probe or None) for the cadres matching `in_scope`. Whether a cadre trained in the
    period is found by a probe of her (cadre_id, date) index rows for a small subtree (a leaf
    unit answers in milliseconds) and, for a large one, by one grouped pass over the period's
    trainings, joined to the cadres on PostgreSQL (linear whatever its work_mem) and asked with
    IN on SQLite (joins_trained_set; bench-reports)."""
    if not is_large(in_scope):
        return None, None
    if joins_trained_set():
        trained = trained_set(period, settings)
        return trained, trained.c.cadre_id.is_not(None)
    return None, trained_in_set(period, settings)


def _counted_cadres(key, in_scope, period, settings):
    """SELECT key, then each indicator's denominator and numerator counted over the active
    cadres (joined to their unit) matching `in_scope`, to be grouped by the caller."""
    trained, trained_condition = _trained_condition(in_scope, period, settings)
    conditions = indicator_conditions(Unit.kind, period, settings, trained=trained_condition)
    counts = [key]
    for ind in INDICATOR_IDS:
        denominator, numerator = conditions[ind]
        counts.append(count_if(denominator).label(f"{ind}_d"))
        counts.append(_count_both(denominator, numerator).label(f"{ind}_n"))
    query = select(*counts).join(Unit, Unit.id == Cadre.unit_id)
    if trained is not None:
        query = query.outerjoin(trained, trained.c.cadre_id == Cadre.id)
    return query.where(Cadre.is_active.is_(True))


def _figures_by_first_column(query):
    result = {}
    for row in db.session.execute(query):
        values = row._mapping
        result[row[0]] = {
            ind: Figure(int(values[f"{ind}_n"] or 0), int(values[f"{ind}_d"] or 0), TARGETS[ind])
            for ind in INDICATOR_IDS}
    return result


def _aggregate(ancestor_ids, period, settings):
    """One statement: figures for every unit of `ancestor_ids` (a list or a SELECT of ids),
    over its whole subtree. Units without active cadres are absent from the result.

    The cadres are counted once per unit first (each cadre's training probes run once), then
    the per-unit counts are summed up the closure table for every requested ancestor."""
    in_scope = Cadre.unit_id.in_(select(UnitClosure.descendant_id)
                                 .where(UnitClosure.ancestor_id.in_(ancestor_ids)))
    # MATERIALIZED: computed once, not re-expanded into the join (SQLite 3.35+, PostgreSQL 12+).
    per_unit = (_counted_cadres(Cadre.unit_id.label("unit_id"), in_scope, period, settings)
                .where(in_scope).group_by(Cadre.unit_id)
                .cte("per_unit").prefix_with("MATERIALIZED"))
    names = [f"{ind}_{part}" for ind in INDICATOR_IDS for part in ("d", "n")]
    query = (select(UnitClosure.ancestor_id, *[func.sum(per_unit.c[name]).label(name)
                                               for name in names])
             .join(per_unit, per_unit.c.unit_id == UnitClosure.descendant_id)
             .where(_summed_up_to(ancestor_ids))
             .group_by(UnitClosure.ancestor_id))
    return _figures_by_first_column(query)


def _aggregate_unit_and_children(unit_id, child_ids, period, settings):
    """One statement: figures for the unit and each of its children (`child_ids`, all of
    them), over their whole subtrees. Each active cadre of the unit's subtree is counted once,
    under the child whose subtree holds her, or under the unit itself when she belongs to it;
    the unit's figures are the sum of all. Units without active cadres are absent.

    For PostgreSQL (counts_each_cadre_once). There _aggregate sorts the cadres by unit and
    then the per-unit counts by ancestor, two sorts that spill to disk, and joins the closure
    table twice; a city report took 1.4 times the hand-written SQL at 100,000 cadres with a
    1 MB work_mem and at 300,000 with the default. Here the closure table is joined once, as
    in the hand-written SQL, and the cadres are sorted once, by the unit they count under
    (bench-reports; the growth tables in README)."""
    placed = aliased(UnitClosure, name="placed")
    placed_under = and_(placed.descendant_id == Cadre.unit_id,
                        or_(placed.ancestor_id.in_(child_ids),
                            and_(placed.ancestor_id == unit_id,
                                 placed.descendant_id == unit_id)))
    in_scope = Cadre.unit_id.in_(select(UnitClosure.descendant_id)
                                 .where(UnitClosure.ancestor_id == unit_id))
    query = (_counted_cadres(placed.ancestor_id, in_scope, period, settings)
             .join(placed, placed_under).group_by(placed.ancestor_id))
    result = _figures_by_first_column(query)
    if result:
        result[unit_id] = _summed(result.values())
    return result


def _summed(figure_sets):
    totals = {ind: [0, 0] for ind in INDICATOR_IDS}
    for figures in figure_sets:
        for ind in INDICATOR_IDS:
            totals[ind][0] += figures[ind].numerator
            totals[ind][1] += figures[ind].denominator
    return {ind: Figure(numerator, denominator, TARGETS[ind])
            for ind, (numerator, denominator) in totals.items()}


def counts_each_cadre_once():
    """Whether a unit and its children are counted by _aggregate_unit_and_children (one
    grouping of the cadres) rather than _aggregate (per unit, then up the closure table).
    PostgreSQL: the per-unit counts cost two sorts. SQLite reads each unit's cadres from the
    (unit_id, is_active) index one unit after another, so its per-unit counts need no sort:
    there _aggregate was 1.14 times the hand-written SQL at 100,000 cadres, this statement 1.28
    (it sorts every cadre by the unit she counts under)."""
    return db.session.get_bind().dialect.name == "postgresql"


def compute_figures(unit_ids, period, settings=None):
    """{unit_id: {indicator_id: Figure}} for each unit's whole subtree, in one statement
    (plus one for the settings when not given), or as kept by the result cache since the
    last write to the indicators' tables. Units without cadres get zero figures."""
    unit_ids = list(dict.fromkeys(unit_ids))
    return _kept_figures(unit_ids, period, settings,
                         lambda settings: _aggregate(unit_ids, period, settings))


def compute_unit_and_children_figures(unit_id, child_ids, period, settings=None):
    """compute_figures([unit_id, *child_ids]) where child_ids are ALL the unit's children
    (the dashboard's request): the same figures, by the statement that suits the database
    (counts_each_cadre_once)."""
    child_ids = [child_id for child_id in dict.fromkeys(child_ids) if child_id != unit_id]
    if not counts_each_cadre_once():
        return compute_figures([unit_id, *child_ids], period, settings)
    return _kept_figures([unit_id, *child_ids], period, settings, lambda settings:
                         _aggregate_unit_and_children(unit_id, child_ids, period, settings))


def _kept_figures(unit_ids, period, settings, aggregate):
    """The figures of `unit_ids` as kept by the result cache, or aggregate(settings) (a
    {unit_id: figures} of the units with active cadres) when none are kept."""
    if not unit_ids:
        return {}
    settings = settings or get_report_settings()

    def compute():
        found = aggregate(settings)
        return {unit_id: found.get(unit_id) or empty_figures() for unit_id in unit_ids}

    return result_cache.get_or_compute(
        INDICATORS_CACHE, ("figures", unit_ids, period.start, period.end,
                           *settings_key(settings)),
        compute, dumps=_dump_figures, loads=_load_figures)


def settings_key(settings):
    """What of the settings the figures depend on, for a cache key."""
    term_start, term_end = _term_bounds(settings)
    hours = settings.min_hours_per_year
    return term_start, term_end, None if hours is None else str(hours)


def _dump_figures(by_unit):
    return json.dumps({str(unit_id): figures_to_dict(figures)
                       for unit_id, figures in by_unit.items()})


def _load_figures(stored):
    return {int(unit_id): figures_from_dict(data)
            for unit_id, data in json.loads(stored).items()}


def compute_subtree_figures(root_id, period, settings=None):
    """{unit_id: figures} for root_id and EVERY unit below it (for closing a period), in one
    statement whatever the size of the subtree (no long IN lists)."""
    settings = settings or get_report_settings()
    return _aggregate(subtree_ids(root_id), period, settings)
