"""The admin's report settings: the term and the minimum training hours per year."""

from decimal import Decimal

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.auth.decorators import admin_required
from lms.core.audit import record_audit
from lms.extensions import db
from lms.reports import reports_bp
from lms.reports.forms import ReportSettingsForm
from lms.reports.indicators.aggregation import get_report_settings


@reports_bp.route("/settings", methods=["GET", "POST"])
@admin_required
def settings():
    current = get_report_settings()
    form = ReportSettingsForm(obj=current)
    if form.validate_on_submit():
        if current.id is None:
            db.session.add(current)
        current.term_start = form.term_start.data
        current.term_end = form.term_end.data
        hours = form.min_hours_per_year.data
        current.min_hours_per_year = Decimal(hours) if hours is not None else None
        current.updated_by_id = current_user.id
        db.session.flush()
        record_audit(current_user, "report.settings", current,
                     term_start=current.term_start.isoformat(),
                     term_end=current.term_end.isoformat(),
                     min_hours=None if hours is None else str(hours))
        db.session.commit()
        flash(_("Report settings saved."), "success")
        return redirect(url_for("reports.settings"))
    return render_template("reports/settings.html", form=form)
