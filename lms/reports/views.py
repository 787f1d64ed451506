"""The organizer's dashboard: indicators on the unit tree, drill-down, charts."""

from lms.reports import reports_bp  # noqa: F401
