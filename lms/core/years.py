"""The calendar years a page, a download or the API accepts, and reading one from a request."""

from flask import abort

MIN_YEAR, MAX_YEAR = 2000, 2100
YEARS = range(MIN_YEAR, MAX_YEAR + 1)


def year_arg(values):
    """values["year"] (request arguments or a form) as an int; None when absent or blank,
    400 when it is not a year of YEARS."""
    raw = (values.get("year") or "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) not in YEARS:
        abort(400)
    return int(raw)
