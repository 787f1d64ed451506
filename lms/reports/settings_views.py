"""The admin's report settings: the term and the minimum training hours per year."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.auth.decorators import admin_required
from lms.core.use_case import run
from lms.reports import reports_bp
from lms.reports.forms import ReportSettingsForm
from lms.reports.indicators.aggregation import get_report_settings
from lms.reports.services import update_report_settings


@reports_bp.route("/settings", methods=["GET", "POST"])
@admin_required
def settings():
    form = ReportSettingsForm(obj=get_report_settings())
    if form.validate_on_submit():
        ok, _saved = run(lambda: update_report_settings(
            form.term_start.data, form.term_end.data, form.min_hours_per_year.data,
            current_user), form)
        if ok:
            flash(_("Report settings saved."), "success")
            return redirect(url_for("reports.settings"))
    return render_template("reports/settings.html", form=form)
