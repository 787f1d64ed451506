"""Reads for the report pages that are not indicator figures. No request or current_user."""

from lms.extensions import db
from lms.reports.models import ClosedPeriod


def get_closed_period(closed_id):
    """The closing with this id, or None."""
    return db.session.get(ClosedPeriod, closed_id)
