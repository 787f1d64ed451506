"""Who is missing, course completion rates, and the exports."""


from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms import tasks
from lms.auth.decorators import organizer_required, trainer_required
from lms.authoring.queries import get_authored_course
from lms.core.clock import local_today
from lms.core.http import or_404, private_attachment
from lms.core.pagination import RowPage
from lms.core.priority import yields_to_learners
from lms.core.spreadsheets import download_name
from lms.jobs.pages import queue_and_follow
from lms.learning.queries import get_assignment, get_course
from lms.org.queries import get_ancestors, get_unit_paths
from lms.org.scope import scoped_ancestors, unit_in_scope
from lms.reports import reports_bp
from lms.reports.completion import (
    get_completion_by_unit,
    get_course_assignments,
    get_course_completion,
)
from lms.reports.exports import (
    dashboard_table,
    missing_table,
    period_slug,
    render,
)
from lms.reports.indicators.definitions import (
    INDICATOR_IDS,
    INDICATOR_LABELS,
    INDICATOR_SHORT_LABELS,
    MISSING_REASON_LABELS,
    period_from,
)
from lms.reports.indicators.missing import count_missing, missing_cadres_query
from lms.reports.indicators.unit_report import get_unit_report
from lms.reports.links import dashboard_url

INDICATOR = f"any({', '.join(INDICATOR_IDS)})"
FORMAT = "any(xlsx, csv)"
PER_PAGE = 50
# A missing list of up to this many rows is answered at once; a longer one is written by a
# worker, on a page she may leave. Measured on the 2-core machine (the synthetic city of
# `flask bench reports`, SQLite): an XLSX of 5,000 rows takes 0.34 s of CPU (10,000: 0.68 s;
# CSV ~15 times less) and the COUNT and the query of a large subtree add up to ~0.9 s, so
# 5,000 rows answer well under 2 s even when the machine is busy. A ward's list (~150 rows
# there) stays far below; the city's (18,600 rows there, ~97,000 in a year without training)
# goes to the queue.
MISSING_AT_ONCE_ROWS = 5000


def _int_arg(name):
    raw = request.args.get(name, "").strip()
    return int(raw) if raw.isdigit() else None



def _download(table, fmt, name):
    data, mimetype = render(table, fmt)
    # Personal data: no shared cache may keep a copy.
    return private_attachment(data, mimetype, name)


@reports_bp.route(f"/units/<int:unit_id>/missing/<{INDICATOR}:indicator>")
@organizer_required
@yields_to_learners
def missing(unit_id, indicator):
    unit = or_404(unit_in_scope(current_user, unit_id))
    period = period_from(request.args)
    search = request.args.get("q", "")[:100]
    page = RowPage(missing_cadres_query(unit.id, indicator, period, search),
                   _int_arg("page") or 1, PER_PAGE, clamp=True)
    return render_template(
        "reports/missing.html", unit=unit, indicator=indicator, period=period, page=page,
        paths=get_unit_paths(cadre.unit_id for cadre, _unit, _reason in page.items),
        search=search, chain=scoped_ancestors(current_user, unit), labels=INDICATOR_LABELS,
        reasons=MISSING_REASON_LABELS, dashboard_url=dashboard_url(unit.id, period),
        # The whole list is exported, whatever the search.
        exported_later=not search and page.total > MISSING_AT_ONCE_ROWS)


@reports_bp.route(f"/units/<int:unit_id>/missing/<{INDICATOR}:indicator>.<{FORMAT}:fmt>")
@organizer_required
@yields_to_learners
def export_missing(unit_id, indicator, fmt):
    unit = or_404(unit_in_scope(current_user, unit_id))
    period = period_from(request.args)
    name = download_name("con-thieu", indicator.replace("_", "-"), unit.code,
                         period_slug(period), fmt=fmt)
    if count_missing(unit.id, indicator, period) <= MISSING_AT_ONCE_ROWS:
        return _download(missing_table(unit, indicator, period), fmt, name)
    title = _("Missing list: %(indicator)s, %(unit)s, %(period)s (%(format)s)",
              indicator=INDICATOR_SHORT_LABELS[indicator], unit=unit.name,
              period=period.label, format=fmt.upper())
    return queue_and_follow(
        lambda **page: tasks.queue_missing_export(
            unit, indicator, period, fmt, current_user, title=title, download_name=name,
            **page),
        url_for("reports.missing", unit_id=unit.id, indicator=indicator, **period.url_args))


@reports_bp.route(f"/units/<int:unit_id>/indicators.<{FORMAT}:fmt>")
@organizer_required
@yields_to_learners
def export_dashboard(unit_id, fmt):
    # One row per child unit (a few hundred at most): always answered at once.
    unit = or_404(unit_in_scope(current_user, unit_id))
    period = period_from(request.args)
    return _download(dashboard_table(get_unit_report(unit.id, period)), fmt,
                     download_name("chi-tieu", unit.code, period_slug(period), fmt=fmt))


def _chosen_assignment(assignments, assignment_id):
    """The assignment among `assignments` with this id (None for none); 404 if not there."""
    if assignment_id is None:
        return None
    found = next((a for a, _name in assignments if a.id == assignment_id), None)
    if found is None:
        abort(404)
    return found


def _course_choice(unit_id):
    """(course, assignment, the course's assignments reaching the unit's subtree) from
    ?course= and ?assignment= (the course follows from the assignment when not given);
    no course: (None, None, []). Unknown ids, or an assignment reaching no cadre of the
    subtree, answer 404."""
    course_id, assignment_id = _int_arg("course"), _int_arg("assignment")
    if course_id is None and assignment_id is not None:
        found = get_assignment(assignment_id)
        if found is None:
            abort(404)
        course_id = found.course_id
    if course_id is None:
        return None, None, []
    course = get_course(course_id)
    if course is None:
        abort(404)
    assignments = get_course_assignments(course.id, unit_id)
    return course, _chosen_assignment(assignments, assignment_id), assignments


@reports_bp.route("/units/<int:unit_id>/completion")
@organizer_required
@yields_to_learners
def completion(unit_id):
    unit = or_404(unit_in_scope(current_user, unit_id))
    course, assignment, assignments = _course_choice(unit.id)
    today = local_today()
    if course is None:
        return render_template("reports/completion.html", unit=unit,
                               chain=scoped_ancestors(current_user, unit),
                               courses=get_course_completion(unit.id, today), course=None)
    table = get_completion_by_unit(unit.id, course.id, today,
                                   assignment.id if assignment else None)
    return render_template("reports/completion.html", unit=unit,
                           chain=scoped_ancestors(current_user, unit),
                           course=course, assignment=assignment, assignments=assignments,
                           table=table, endpoint="reports.completion")


@reports_bp.route("/courses/<int:course_id>/completion")
@trainer_required
@yields_to_learners
def trainer_completion(course_id):
    course = get_authored_course(current_user, course_id)
    if course is None:
        abort(404)
    unit_id = _int_arg("unit")
    assignments = get_course_assignments(course.id)
    assignment = _chosen_assignment(assignments, _int_arg("assignment"))
    table = get_completion_by_unit(unit_id, course.id, local_today(),
                                   assignment.id if assignment else None)
    if unit_id is not None and table.unit is None:
        abort(404)
    return render_template("reports/completion.html", unit=table.unit, course=course,
                           chain=get_ancestors(unit_id) if unit_id is not None else [],
                           assignment=assignment, assignments=assignments, table=table,
                           endpoint="reports.trainer_completion")
