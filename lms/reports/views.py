"""The organizer's dashboard: indicators on the unit tree, drill-down, charts, closing."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms import tasks
from lms.auth.decorators import admin_required, organizer_required
from lms.core.clock import local_date, local_today
from lms.core.http import or_404
from lms.core.priority import yields_to_learners
from lms.core.use_case import run
from lms.jobs.pages import queue_and_follow
from lms.org.queries import get_roots
from lms.org.scope import scope_root_id, scoped_ancestors, unit_in_scope
from lms.reports import reports_bp
from lms.reports.charts import band_rows, unit_rows, year_columns
from lms.reports.child_units import (
    DEFAULT_INDICATOR,
    SORTS,
    child_list_args,
    count_bands,
    lowest_units,
    select_children,
)
from lms.reports.closing import (
    PeriodError,
    close_period,
    count_units_under,
    preview_close,
    reopen_period,
)
from lms.reports.forms import PeriodActionForm
from lms.reports.indicators.definitions import (
    DEFAULT_TERM_START,
    INDICATOR_IDS,
    INDICATOR_LABELS,
    INDICATOR_SHORT_LABELS,
    TARGETS,
    Period,
    period_from,
)
from lms.reports.indicators.unit_report import get_annual_training_series, get_unit_report
from lms.reports.links import dashboard_url
from lms.reports.queries import get_closed_period

SERIES_YEARS = 5
CHART_INDICATOR = "annual_training"
# Up to this many child units the list shows them all on one page and needs no distribution.
BANDS_FROM_UNITS = 10
# A unit with more units than this under it is closed by a worker, on a page she may leave.
# Measured on the 2-core machine (`flask bench reports`' synthetic city, SQLite): a commune
# with 161 units under it closes in 0.05-0.08 s, the city with 19,999 in 23 s. 500 keeps
# every ward (a few dozen units; 161 there) immediate and sends the city, which would hold a
# web worker past its timeout, to the queue.
CLOSE_AT_ONCE_UNITS = 500



def _year_choices(selected):
    this_year = local_today().year
    years = set(range(DEFAULT_TERM_START.year, this_year + 2)) | {selected}
    return sorted(years, reverse=True)


def _years_chart(unit, period):
    """The unit's last years of annual training, as columns."""
    first_year = period.year - SERIES_YEARS + 1
    series = get_annual_training_series(unit.id, range(first_year, period.year + 1))
    return {"years_chart": year_columns(series, TARGETS[CHART_INDICATOR]),
            "closed_years": series.closed_years}


def _child_units(unit, report, period):
    """The child units' list (searched, filtered, sorted, one page), their distribution by
    band and the lowest ten, all for the indicator chosen, and the links between them."""
    args = child_list_args(request.args)
    indicator, target = args.indicator, TARGETS[args.indicator]

    def list_url(**changes):
        return dashboard_url(unit.id, period, **args.with_(**changes).url_args,
                             _anchor="units")

    def drill_url(child_id):
        chosen = {} if indicator == DEFAULT_INDICATOR else {"indicator": indicator}
        return dashboard_url(child_id, period, **chosen)

    bands = None
    if len(report.children) > BANDS_FROM_UNITS:
        bands = band_rows(count_bands(report.children, indicator), target,
                          lambda band: list_url(band=band, q="", below=False))
    lowest = unit_rows([(child, figure, drill_url(child.id)) for child, figure
                        in lowest_units(report.children, indicator)], target)
    return {"listed": select_children(report.children, args), "list_args": args,
            "list_url": list_url, "drill_url": drill_url, "sorts": SORTS,
            "bands": bands, "lowest": lowest}


@reports_bp.route("")
@reports_bp.route("/units/<int:unit_id>")
@organizer_required
@yields_to_learners
def dashboard(unit_id=None):
    if unit_id is None:
        unit_id = scope_root_id(current_user)
        if unit_id is None:
            roots = get_roots()
            if not roots:
                return render_template("reports/dashboard.html", report=None)
            unit_id = roots[0].id
    unit = or_404(unit_in_scope(current_user, unit_id))
    period = period_from(request.args)
    report = get_unit_report(unit.id, period)
    closed_on = local_date(report.closed.closed_at) if report.closed else None
    # A period that has not started has nothing to close (the service refuses it too).
    can_close = report.closed is None and period.has_started(local_today())
    return render_template(
        "reports/dashboard.html", report=report, unit=unit, period=period,
        chain=scoped_ancestors(current_user, unit), indicator_ids=INDICATOR_IDS,
        labels=INDICATOR_LABELS, short_labels=INDICATOR_SHORT_LABELS,
        **_years_chart(unit, period), **_child_units(unit, report, period),
        can_close=can_close, chart_label=INDICATOR_LABELS[CHART_INDICATOR], closed_on=closed_on,
        years=_year_choices(period.year),
        action_form=PeriodActionForm())


@reports_bp.get("/units/<int:unit_id>/close")
@organizer_required
@yields_to_learners
def confirm_close(unit_id):
    """What closing the period would freeze, and the button that does it."""
    unit = or_404(unit_in_scope(current_user, unit_id))
    period = period_from(request.args)
    try:
        preview = preview_close(unit, period)
    except PeriodError as refused:
        flash(str(refused), "warning")
        return redirect(dashboard_url(unit.id, period))
    return render_template(
        "reports/close.html", preview=preview, indicator_ids=INDICATOR_IDS,
        labels=INDICATOR_LABELS, back_url=dashboard_url(unit.id, period),
        action_form=PeriodActionForm(year=period.year, half="1" if period.half else ""))


@reports_bp.post("/units/<int:unit_id>/close")
@organizer_required
def close(unit_id):
    unit = or_404(unit_in_scope(current_user, unit_id))
    form = PeriodActionForm()
    if not form.validate_on_submit():
        abort(400)
    period = period_from(request.form)
    if count_units_under(unit.id) > CLOSE_AT_ONCE_UNITS:
        title = _("Close the figures: %(unit)s, %(period)s", unit=unit.name,
                  period=period.label)
        again_url = url_for("reports.confirm_close", unit_id=unit.id, **period.url_args)
        return queue_and_follow(
            lambda **page: tasks.queue_close_period(
                unit, period, current_user, title=title,
                next_url=dashboard_url(unit.id, period), **page),
            dashboard_url(unit.id, period), again_url=again_url, category="warning")
    ok, _closed = run(lambda: close_period(unit, period, current_user), category="warning")
    if ok:
        flash(_("The period is closed: its figures are stored and will not change."),
              "success")
    return redirect(dashboard_url(unit.id, period))


@reports_bp.route("/closed/<int:closed_id>/reopen", methods=["POST"])
@admin_required
def reopen(closed_id):
    closed = or_404(get_closed_period(closed_id))
    form = PeriodActionForm()
    if not form.validate_on_submit():
        abort(400)
    period = Period(closed.year, bool(closed.half))
    ok, _reopened = run(lambda: reopen_period(closed, current_user), category="warning")
    if ok:
        flash(_("The period is reopened: the figures follow the data again."), "success")
    back = request.form.get("unit_id", "")
    return redirect(dashboard_url(int(back) if back.isdigit() else closed.unit_id, period))

