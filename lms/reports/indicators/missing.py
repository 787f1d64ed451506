"""Who is missing from an indicator: the active cadres of a subtree in its denominator but
not in its numerator, with the reason, for the page, the export and the JSON API."""

from sqlalchemy import and_, case, false, func, literal, or_, select

from lms.core.text import fold_vietnamese
from lms.extensions import db, result_cache
from lms.org.models import Cadre, Unit
from lms.org.queries import subtree_ids
from lms.reports.indicators.aggregation import (
    INDICATORS_CACHE,
    digital_window,
    get_report_settings,
    indicator_conditions,
    settings_key,
)
from lms.reports.indicators.definitions import INDICATOR_IDS
from lms.training.records import has_training


def _missing_reason(indicator_id, period, settings):
    if indicator_id == "annual_training":
        if settings.min_hours_per_year is None:
            return literal("no_training")
        return case((has_training(Cadre.id, period.start, period.end), literal("hours_short")),
                    else_=literal("no_training"))
    if indicator_id == "digital_training_full_time":
        start, end = digital_window(period, settings)
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
    denominator, numerator = indicator_conditions(Unit.kind, period, settings)[indicator_id]
    query = (select(Cadre, Unit.name.label("unit_name"),
                    _missing_reason(indicator_id, period, settings).label("reason"))
             .join(Unit, Unit.id == Cadre.unit_id)
             .where(in_subtree, Cadre.is_active.is_(True), denominator, ~numerator))
    term = (search or "").strip()
    if term:
        folded = fold_vietnamese(term)
        query = query.where(or_(Cadre.search_name.contains(folded, autoescape=True),
                                func.lower(Cadre.code) == term.lower()) if folded else false())
    return query.order_by(Unit.sort_name, Cadre.sort_name, Cadre.id)


def count_missing(unit_id, indicator_id, period, search=""):
    """How many cadres missing_cadres_query gives (one COUNT, no rows read). Without a
    search the count is kept with the indicator figures, and made old by the same writes:
    an export asks it on every request, to choose between a download and a queued job, and
    the city's count costs as much as its figures."""
    def compute():
        query = missing_cadres_query(unit_id, indicator_id, period, search).order_by(None)
        return db.session.scalar(select(func.count()).select_from(
            query.with_only_columns(Cadre.id, maintain_column_froms=True).subquery()))

    if search:
        return compute()
    return result_cache.get_or_compute(
        INDICATORS_CACHE, ("missing_count", unit_id, indicator_id, period.start, period.end,
                           *settings_key(get_report_settings())), compute)
