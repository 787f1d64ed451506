"""Reading the report period from a request's arguments or form."""

from flask import abort

from lms.core.clock import local_today
from lms.reports.indicators import Period

YEARS = range(2000, 2101)


def period_from(values):
    """?year=YYYY&half=1 (or the same form fields) as a Period: this year in Vietnam by
    default, 400 when the year is malformed."""
    raw = (values.get("year") or "").strip()
    if not raw:
        year = local_today().year
    elif raw.isdigit() and int(raw) in YEARS:
        year = int(raw)
    else:
        abort(400)
    return Period(year, half=values.get("half") == "1")
