"""Organizers' pages for yearly programmes: list, draft, requirements, publish, roll over,
the report with its drill-down and download; and the programme certificate's download (for
the cadre herself too)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms import tasks
from lms.auth.decorators import organizer_required
from lms.catalog.models import TRACK_LABELS
from lms.core.clock import local_today
from lms.core.forms import select_choices
from lms.core.http import or_404, private_attachment
from lms.core.pagination import RowPage
from lms.core.priority import yields_to_learners
from lms.core.spreadsheets import download_name, write_spreadsheet
from lms.core.use_case import run
from lms.jobs.pages import queue_and_follow
from lms.learning.queries import get_published_courses
from lms.learning.services import ASSIGNMENT_FLAGS
from lms.org.queries import get_unit_paths
from lms.org.scope import (
    is_self_or_in_scope,
    is_unit_in_scope,
    scope_root_id,
    scoped_ancestors,
    unit_in_scope,
)
from lms.training import programmes_bp
from lms.training.programmes.forms import ProgrammeForm, RequirementForm
from lms.training.programmes.models import REQUIREMENT_KIND_LABELS
from lms.training.programmes.pdf import (
    programme_certificate_filename,
    render_programme_certificate_pdf,
)
from lms.training.programmes.queries import (
    PROGRAMME_SHEET,
    STATUS_LABELS,
    STATUSES,
    count_programme_cadres,
    count_programme_certificates,
    describe_requirement,
    get_programme_access,
    get_programme_certificate,
    get_programme_report,
    get_programmes,
    get_requirement,
    lacking_text,
    programme_cadres_query,
    programme_cadres_table,
)
from lms.training.programmes.services import (
    add_requirement,
    create_programme,
    delete_programme,
    publish_programme,
    remove_requirement,
    roll_over_programme,
    update_programme,
)

FORMAT = "any(xlsx, csv)"
PER_PAGE = 50
# Up to this many cadres the list is written while she waits; more go to a worker. Each row
# also works out what the cadre lacks, so a few thousand rows already take about a second;
# the line is the missing list's (lms/reports/missing_views.py).
EXPORT_AT_ONCE_ROWS = 5000


def _access(programme_id):
    return or_404(get_programme_access(scope_root_id(current_user), programme_id))


def _editable(programme_id):
    """The programme, if the organizer may change it: one of her subtree's (403 for one of
    a unit above hers, which she may only follow)."""
    access = _access(programme_id)
    if not access.can_edit:
        abort(403)
    return access.programme


def _to_programme(programme):
    return redirect(url_for("programmes.show_programme", programme_id=programme.id))


def _flags(form):
    return {name: getattr(form, name).data for name in ASSIGNMENT_FLAGS}


@programmes_bp.route("")
@organizer_required
def list_programmes():
    return render_template("programmes/list.html", rows=get_programmes(scope_root_id(current_user)))


def _save_programme(form, programme=None):
    """Create or update the programme the form describes; the saved programme, or None with
    the error on the form."""
    unit = form.unit_code.unit  # in her scope: the field saw to it
    if programme is not None:
        # The unit of a draft may change, within her scope.
        programme.unit_id = unit.id
        action = lambda: update_programme(programme, form.year.data, form.title.data,  # noqa: E731
                                          form.due_date.data, actor=current_user, **_flags(form))
    else:
        action = lambda: create_programme(unit, form.year.data, form.title.data,  # noqa: E731
                                          form.due_date.data, actor=current_user, **_flags(form))
    ok, saved = run(action, form)
    return saved if ok else None


@programmes_bp.route("/new", methods=["GET", "POST"])
@organizer_required
def new_programme():
    grant = current_user.grant_for("organizer")
    year = local_today().year
    form = ProgrammeForm(year=year, unit_code=grant.unit.code if grant and grant.unit else "",
                         title=_("Training programme %(year)s", year=year))
    if form.validate_on_submit() and (programme := _save_programme(form)) is not None:
        flash(_("Programme drafted: add its requirements, then publish it."), "success")
        return _to_programme(programme)
    return render_template("programmes/form.html", form=form, programme=None)


@programmes_bp.route("/<int:programme_id>/edit", methods=["GET", "POST"])
@organizer_required
def edit_programme(programme_id):
    programme = _editable(programme_id)
    if not programme.is_draft:
        flash(_("A published programme can no longer be changed."), "error")
        return _to_programme(programme)
    form = ProgrammeForm(obj=programme, unit_code=programme.unit.code)
    if form.validate_on_submit() and _save_programme(form, programme) is not None:
        flash(_("Programme saved."), "success")
        return _to_programme(programme)
    return render_template("programmes/form.html", form=form, programme=programme)


def _requirement_form():
    form = RequirementForm()
    courses = get_published_courses()
    form.kind.choices = select_choices(REQUIREMENT_KIND_LABELS)
    form.course_id.choices = select_choices([(0, "—"), *courses])
    form.course_ids.choices = select_choices(courses)
    form.track.choices = select_choices([("", _("Any track")), *TRACK_LABELS.items()])
    return form


@programmes_bp.route("/<int:programme_id>")
@organizer_required
def show_programme(programme_id):
    access = _access(programme_id)
    programme = access.programme
    # Her own programme's certificates; of a unit above's, those of her subtree's cadres.
    certificates = None if programme.is_draft else count_programme_certificates(
        programme.id, None if access.can_edit else scope_root_id(current_user))
    return render_template("programmes/show.html", programme=programme,
                           can_edit=access.can_edit, form=_requirement_form(),
                           describe=describe_requirement, certificates=certificates)


@programmes_bp.route("/<int:programme_id>/requirements", methods=["POST"])
@organizer_required
def add_programme_requirement(programme_id):
    programme = _editable(programme_id)
    form = _requirement_form()
    if form.validate_on_submit():
        course_ids = ([form.course_id.data] if form.kind.data == "course"
                      else form.course_ids.data or [])
        ok, _added = run(lambda: add_requirement(
            programme, form.kind.data, course_ids, hours=form.hours.data,
            track=form.track.data or None, actor=current_user), form)
        if ok:
            flash(_("Requirement added."), "success")
            return _to_programme(programme)
    return render_template("programmes/show.html", programme=programme, can_edit=True,
                           form=form, describe=describe_requirement, certificates=None), 400


@programmes_bp.route("/<int:programme_id>/requirements/<int:requirement_id>/delete",
                     methods=["POST"])
@organizer_required
def delete_programme_requirement(programme_id, requirement_id):
    programme = _editable(programme_id)
    requirement = or_404(get_requirement(requirement_id))
    if requirement.programme_id != programme.id:
        abort(404)
    run(lambda: remove_requirement(requirement, actor=current_user))
    return _to_programme(programme)


@programmes_bp.route("/<int:programme_id>/publish", methods=["POST"])
@organizer_required
def publish(programme_id):
    programme = _editable(programme_id)
    ok, _published = run(lambda: publish_programme(programme, actor=current_user))
    if ok:
        flash(_("Programme published: its cadres see it on their home page."), "success")
    return _to_programme(programme)


@programmes_bp.route("/<int:programme_id>/roll-over", methods=["POST"])
@organizer_required
def roll_over(programme_id):
    programme = _editable(programme_id)
    ok, copy = run(lambda: roll_over_programme(programme, actor=current_user))
    if not ok:
        return _to_programme(programme)
    flash(_("Copied to %(year)s as a draft: check it, then publish it.", year=copy.year),
          "success")
    return _to_programme(copy)


@programmes_bp.route("/<int:programme_id>/delete", methods=["POST"])
@organizer_required
def delete(programme_id):
    programme = _editable(programme_id)
    ok, _deleted = run(lambda: delete_programme(programme, actor=current_user))
    if not ok:
        return _to_programme(programme)
    flash(_("Draft deleted."), "success")
    return redirect(url_for("programmes.list_programmes"))


def _report_unit(access):
    """The unit of the report: ?unit_id= inside both her scope and the programme's subtree;
    by default the programme's unit, or her own when the programme is a unit above's."""
    programme = access.programme
    unit_id = request.args.get("unit_id", type=int)
    if unit_id is None:
        root = scope_root_id(current_user)
        unit_id = programme.unit_id if access.can_edit or root is None else root
    unit = or_404(unit_in_scope(current_user, unit_id))
    if not is_unit_in_scope(programme.unit_id, unit.id):
        abort(404)
    return unit


def _status_arg():
    status = request.args.get("status", "overdue")
    return status if status in STATUSES else None


def _report_chain(access, unit):
    """The breadcrumb down to `unit`, from the programme's unit or her scope if lower."""
    chain = scoped_ancestors(current_user, unit)
    ids = [item.id for item in chain]
    return chain[ids.index(access.programme.unit_id):] if access.programme.unit_id in ids \
        else chain


@programmes_bp.route("/<int:programme_id>/report")
@organizer_required
@yields_to_learners
def report(programme_id):
    access = _access(programme_id)
    programme, unit, status = access.programme, _report_unit(access), _status_arg()
    today = local_today()
    page = RowPage(programme_cadres_query(programme, unit.id, today, status),
                   request.args.get("page", 1, type=int), PER_PAGE, clamp=True)
    return render_template(
        "programmes/report.html", programme=programme, unit=unit, status=status,
        report=get_programme_report(programme, unit, today), page=page,
        chain=_report_chain(access, unit), statuses=STATUSES, labels=STATUS_LABELS,
        paths=get_unit_paths(row.Cadre.unit_id for row in page.items),
        lacking=lambda row: lacking_text(programme, row))


@programmes_bp.route(f"/<int:programme_id>/report.<{FORMAT}:fmt>")
@organizer_required
def export_report(programme_id, fmt):
    access = _access(programme_id)
    programme, unit, status = access.programme, _report_unit(access), _status_arg()
    today = local_today()
    name = download_name("chuong-trinh", programme.year, unit.code, status or "tat-ca", fmt=fmt)
    if count_programme_cadres(programme, unit.id, today, status) > EXPORT_AT_ONCE_ROWS:
        title = _("%(title)s (%(year)s): %(unit)s (%(format)s)", title=programme.title,
                  year=programme.year, unit=unit.name, format=fmt.upper())
        return queue_and_follow(
            lambda **page: tasks.queue_programme_export(
                programme, unit, status, fmt, current_user, title=title, download_name=name,
                **page),
            url_for("programmes.report", programme_id=programme.id, unit_id=unit.id,
                    status=status))
    titles, header, rows = programme_cadres_table(programme, unit, today, status)
    data, mimetype = write_spreadsheet(fmt, header, rows, PROGRAMME_SHEET, titles)
    return private_attachment(data, mimetype, name)


@programmes_bp.route("/certificates/<code>.pdf")
@login_required
def download_certificate(code):
    """A programme certificate, for the cadre herself and the organizers whose scope holds
    her unit (as a course certificate: lms/learning/certificates/views.py)."""
    completion, unit_name = get_programme_certificate(code)
    # Someone else's certificate answers like a missing one, so codes cannot be probed.
    if (completion is None or completion.is_revoked
            or not is_self_or_in_scope(current_user, completion.cadre)):
        abort(404)
    return private_attachment(render_programme_certificate_pdf(completion, unit_name),
                              "application/pdf", programme_certificate_filename(completion))
