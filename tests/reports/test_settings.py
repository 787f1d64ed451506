"""The report settings service: the admin's term and minimum hours, audited, committed by
the caller."""

from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from lms.core.models import AuditLog
from lms.extensions import db
from lms.reports.indicators.aggregation import get_report_settings
from lms.reports.models import ReportSettings
from lms.reports.services import update_report_settings
from tests.factories import make_user


def test_settings_are_saved_once_and_audited_and_the_caller_commits(app_ctx):
    admin = make_user("boss", "admin")
    saved = update_report_settings(date(2022, 1, 1), date(2026, 12, 31), Decimal("1.5"), admin)
    assert saved.id is not None
    db.session.rollback()
    # Nothing is kept until the caller commits.
    assert db.session.scalar(select(func.count()).select_from(ReportSettings)) == 0
    update_report_settings(date(2022, 1, 1), date(2026, 12, 31), Decimal("1.5"), admin)
    db.session.commit()
    update_report_settings(date(2023, 1, 1), date(2027, 12, 31), None, admin)
    db.session.commit()
    settings = get_report_settings()
    assert (settings.term_start, settings.term_end, settings.min_hours_per_year,
            settings.updated_by_id) == (date(2023, 1, 1), date(2027, 12, 31), None, admin.id)
    assert db.session.scalar(select(func.count()).select_from(ReportSettings)) == 1
    details = db.session.scalars(select(AuditLog.detail).where(
        AuditLog.action == "report.settings").order_by(AuditLog.id)).all()
    assert details == [
        {"term_start": "2022-01-01", "term_end": "2026-12-31", "min_hours": "1.5"},
        {"term_start": "2023-01-01", "term_end": "2027-12-31", "min_hours": None}]
