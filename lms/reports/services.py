"""Writes on the report settings. They flush; the caller commits."""

from decimal import Decimal

from lms.core.audit import record_audit
from lms.extensions import db
from lms.reports.indicators.aggregation import get_report_settings


def update_report_settings(term_start, term_end, min_hours_per_year, actor):
    """Save the term and the minimum training hours per year (None: one training is
    enough) in the one settings row, and audit it; returns the row."""
    settings = get_report_settings()
    if settings.id is None:
        db.session.add(settings)
    settings.term_start = term_start
    settings.term_end = term_end
    settings.min_hours_per_year = (Decimal(min_hours_per_year)
                                   if min_hours_per_year is not None else None)
    settings.updated_by_id = getattr(actor, "id", None)
    db.session.flush()
    record_audit(actor, "report.settings", settings, term_start=term_start.isoformat(),
                 term_end=term_end.isoformat(),
                 min_hours=None if min_hours_per_year is None else str(min_hours_per_year))
    return settings
