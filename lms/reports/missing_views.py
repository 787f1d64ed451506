"""Who is missing, course completion rates, and the exports."""

from lms.reports import reports_bp  # noqa: F401
