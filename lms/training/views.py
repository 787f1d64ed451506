"""Organizers' pages for in-person training sessions and attendance."""

import io

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from lms import tasks
from lms.auth.decorators import organizer_required
from lms.catalog.models import TRACK_LABELS
from lms.core.clock import utcnow
from lms.core.decimals import format_count
from lms.core.forms import ImportForm
from lms.core.http import or_404
from lms.core.use_case import run
from lms.extensions import db
from lms.feedback.queries import get_session_survey, survey_status
from lms.jobs.imports import follow_import
from lms.org.queries import get_unit_paths
from lms.org.scope import scope_root_id, unit_in_scope
from lms.training import training_bp
from lms.training.checkin import checkin_state
from lms.training.forms import (
    AttendeesForm,
    CadreSearchForm,
    CheckinForm,
    RemoveAttendeeForm,
    SessionForm,
)
from lms.training.imports import ATTENDANCE_COLUMNS, AttendanceImportResult, template_file
from lms.training.models import ATTENDANCE_SOURCE_LABELS
from lms.training.queries import (
    count_attendees,
    get_attendance,
    get_attending_ids,
    get_session_in_scope,
    search_cadres,
    session_list_query,
)
from lms.training.services import OutOfScope, add_attendees, create_session, remove_attendee


def _session_in_scope_or_404(session_id):
    return or_404(get_session_in_scope(session_id, scope_root_id(current_user)))


@training_bp.route("")
@organizer_required
def list_sessions():
    page = db.paginate(session_list_query(scope_root_id(current_user)), per_page=30,
                       error_out=False)
    counts = count_attendees(session.id for session in page.items)
    return render_template("training/sessions.html", page=page, counts=counts,
                           track_labels=TRACK_LABELS)


@training_bp.route("/new", methods=["GET", "POST"])
@organizer_required
def new_session():
    root_id = scope_root_id(current_user)
    form = SessionForm()
    if request.method == "GET" and root_id is not None:
        form.unit_code.data = or_404(unit_in_scope(current_user, root_id)).code
    if form.validate_on_submit():
        ok, session = run(lambda: create_session(
            form.title.data, form.track.data, form.held_on.data, form.hours.data,
            form.unit_code.unit,
            actor=current_user, scope_root_id=root_id), form)
        if ok:
            flash(_("Session recorded. Now add the cadres who attended."), "success")
            return redirect(url_for("training.show_session", session_id=session.id))
    return render_template("training/session_form.html", form=form)


@training_bp.route("/<int:session_id>")
@organizer_required
def show_session(session_id):
    session = _session_in_scope_or_404(session_id)
    search = CadreSearchForm(request.args)
    term = (search.q.data or "").strip()
    # Only the cadres of the unit that held the session (and the units under it).
    found, found_total = search_cadres(session.unit_id, term)
    attendance = get_attendance(session.id)
    paths = get_unit_paths([c.unit_id for c in found] + [r.cadre.unit_id for r in attendance])
    return render_template("training/session.html", training=session, search=search,
                           term=term, found=found, found_total=found_total, paths=paths,
                           attending=get_attending_ids(session.id, [c.id for c in found]),
                           attendance=attendance, form=AttendeesForm(),
                           track_labels=TRACK_LABELS, source_labels=ATTENDANCE_SOURCE_LABELS,
                           checkin=checkin_state(session, utcnow()), checkin_form=CheckinForm(),
                           **survey_status(get_session_survey(session.id)))


@training_bp.route("/<int:session_id>/attendees", methods=["POST"],
                   endpoint="add_attendees")
@organizer_required
def add_attendees_view(session_id):
    session = _session_in_scope_or_404(session_id)
    form = AttendeesForm()
    if not form.validate_on_submit():
        flash(_("Tick at least one cadre."), "error")
        return redirect(url_for("training.show_session", session_id=session.id))

    def add():
        try:
            return add_attendees(session, form.cadre_ids.data, actor=current_user,
                                 scope_root_id=scope_root_id(current_user))
        except OutOfScope:
            # A cadre outside her units looks missing; run rolls the request back.
            abort(404)

    _ok, added = run(add)
    flash(ngettext("%(count)s attendee added.", "%(count)s attendees added.", added,
                   count=format_count(added)), "success")
    return redirect(url_for("training.show_session", session_id=session.id))


@training_bp.route("/<int:session_id>/attendees/<int:cadre_id>/remove", methods=["POST"],
                   endpoint="remove_attendee")
@organizer_required
def remove_attendee_view(session_id, cadre_id):
    session = _session_in_scope_or_404(session_id)
    if RemoveAttendeeForm().validate_on_submit():
        ok, removed = run(lambda: remove_attendee(session, cadre_id, actor=current_user))
        if ok and removed:
            flash(_("Attendee removed."), "success")
    return redirect(url_for("training.show_session", session_id=session.id))


@training_bp.route("/import", methods=["GET", "POST"], endpoint="import_attendance")
@organizer_required
def import_attendance_view():
    form = ImportForm()
    # Imported by a worker: the page follows the job, then shows the outcome.
    if form.validate_on_submit():
        ok, job = run(lambda: tasks.queue_import("attendance", form.file.data, current_user,
                                                 scope_root_id(current_user)))
        if ok:
            return redirect(url_for("training.import_progress", job_id=job.id))
    return _import_page(form, errors=None, filename=None)


@training_bp.route("/import/jobs/<job_id>")
@organizer_required
def import_progress(job_id):
    return follow_import(
        job_id, ("attendance",), title=lambda _kind: _l("Import attendance"),
        again_url=lambda _kind: url_for("training.import_attendance"),
        next_url=lambda _kind: url_for("training.list_sessions"),
        show_errors=lambda _kind, errors, filename: _import_page(ImportForm(), errors, filename),
        result_class=lambda _kind: AttendanceImportResult)


def _import_page(form, errors, filename):
    return render_template("training/import.html", form=form, columns=ATTENDANCE_COLUMNS,
                           errors=errors, filename=filename)


@training_bp.route("/import/template.<any(csv, xlsx):fmt>")
@organizer_required
def import_template(fmt):
    data, mimetype = template_file(fmt)
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=True,
                     download_name=f"mau-nhap-tap-huan.{fmt}")
