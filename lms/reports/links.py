"""Links to the report pages that several pages of the reports lead back to."""

from flask import url_for


def dashboard_url(unit_id, period, **args):
    """The indicator dashboard of the unit for the period (`args`: more query arguments, such
    as the list's choices, and _anchor)."""
    return url_for("reports.dashboard", unit_id=unit_id, **period.url_args, **args)
