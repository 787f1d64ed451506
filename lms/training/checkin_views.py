"""QR check-in: the organizer's full-screen code and its live list, and the page a cadre's phone
opens from the code."""

from datetime import datetime, timedelta

from flask import flash, jsonify, redirect, render_template, url_for
from flask import session as browser_session
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms.auth.decorators import organizer_required
from lms.core.clock import local_datetime, utcnow
from lms.core.http import or_404
from lms.core.use_case import run
from lms.extensions import login_manager
from lms.feedback.queries import get_session_survey, survey_to_answer
from lms.org.scope import scope_root_id
from lms.training import training_bp
from lms.training.checkin import (
    CheckinOutcome,
    CodeStatus,
    check_code,
    checkin_url,
    is_checkin_open,
    preview_check_in,
    qr_svg,
    seconds_to_next_step,
    step_at,
)
from lms.training.forms import CheckinForm
from lms.training.models import ATTENDANCE_SOURCE_LABELS
from lms.training.queries import count_attendees, get_attendance, get_session, get_session_in_scope
from lms.training.services import check_in, close_checkin, open_checkin

# The screen lists this many of the latest attendees (the session page lists them all).
SCREEN_LIST_LIMIT = 100
# Where a browser keeps the code it brought while valid: [session id, step, seen at (epoch s)].
PASS_KEY = "checkin_pass"
_EPOCH = datetime(1970, 1, 1)


def _session_in_scope_or_404(session_id):
    return or_404(get_session_in_scope(session_id, scope_root_id(current_user)))


def _screen(session, now):
    """What the check-in screen shows, for the page and its JSON alike."""
    step = step_at(now)
    url = checkin_url(session, step)
    return {
        "open": True, "step": step, "url": url, "svg": str(qr_svg(url)),
        "next_in": round(seconds_to_next_step(now), 1),
        "count": count_attendees([session.id])[session.id],
        "names": [{"name": row.cadre.full_name, "unit": row.cadre.unit.name,
                   "time": f"{local_datetime(row.recorded_at):%H:%M}",
                   "source": row.source, "source_label": str(ATTENDANCE_SOURCE_LABELS[row.source])}
                  for row in get_attendance(session.id, newest_first=True,
                                            limit=SCREEN_LIST_LIMIT)],
    }


@training_bp.route("/<int:session_id>/checkin/open", methods=["POST"],
                   endpoint="open_checkin")
@organizer_required
def open_checkin_view(session_id):
    session = _session_in_scope_or_404(session_id)
    if CheckinForm().validate_on_submit():
        ok, _opened = run(lambda: open_checkin(session, actor=current_user))
        if ok:
            return redirect(url_for("training.checkin_screen", session_id=session.id))
    return redirect(url_for("training.show_session", session_id=session.id))


@training_bp.route("/<int:session_id>/checkin/close", methods=["POST"],
                   endpoint="close_checkin")
@organizer_required
def close_checkin_view(session_id):
    session = _session_in_scope_or_404(session_id)
    if CheckinForm().validate_on_submit():
        ok, closed = run(lambda: close_checkin(session, actor=current_user))
        if ok and closed:
            flash(_("Check-in closed: the codes no longer work."), "success")
    return redirect(url_for("training.show_session", session_id=session.id))


@training_bp.route("/<int:session_id>/checkin")
@organizer_required
def checkin_screen(session_id):
    session = _session_in_scope_or_404(session_id)
    now = utcnow()
    if not is_checkin_open(session, now):
        flash(_("Check-in is not open."), "info")
        return redirect(url_for("training.show_session", session_id=session.id))
    return render_template("training/checkin_screen.html", training=session,
                           screen=_screen(session, now), form=CheckinForm())


@training_bp.route("/<int:session_id>/checkin/status")
@organizer_required
def checkin_status(session_id):
    session = _session_in_scope_or_404(session_id)
    now = utcnow()
    if is_checkin_open(session, now):
        response = jsonify(_screen(session, now))
    else:
        response = jsonify(open=False,
                           session_url=url_for("training.show_session", session_id=session.id))
    response.headers["Cache-Control"] = "no-store"
    return response


def _pass_seen_at(session, step, code, now):
    """When this browser first brought this session's code for `step` while it was valid (it
    is remembered then), or None: the code keeps working for her through sign-in and the tap
    (checkin.PASS_SECONDS), however long the screen's code has moved on."""
    saved = browser_session.get(PASS_KEY)
    if isinstance(saved, list) and len(saved) == 3 and saved[:2] == [session.id, step]:
        return _EPOCH + timedelta(seconds=saved[2])
    if check_code(session, step, code, now) is not CodeStatus.VALID:
        return None
    browser_session[PASS_KEY] = [session.id, step, int((now - _EPOCH).total_seconds())]
    return now


def _result(session, outcome):
    survey = None
    if outcome in ("recorded", "already") and current_user.is_authenticated:
        survey = survey_to_answer(get_session_survey(session.id), current_user.cadre_id)
    return render_template("training/checkin_result.html", training=session, outcome=outcome,
                           form=CheckinForm(), survey=survey)


# A GET never writes (a link preview or a prefetch must not check her in): it asks her to tap
# one big button, which posts to the same address.
@training_bp.route("/checkin/<int:session_id>/<int:step>/<code>", endpoint="check_in")
def check_in_page(session_id, step, code):
    session, now = get_session(session_id), utcnow()
    seen_at = _pass_seen_at(session, step, code, now) if session is not None else None
    if not current_user.is_authenticated:
        status = check_code(session, step, code, now, seen_at=seen_at)
        if status is CodeStatus.VALID:
            return login_manager.unauthorized()  # sign in, then back here
        return _result(session, CheckinOutcome(status.value))
    return _result(session, preview_check_in(session, current_user, step, code, now,
                                             seen_at=seen_at))


@training_bp.route("/checkin/<int:session_id>/<int:step>/<code>", methods=["POST"],
                   endpoint="check_in_submit")
@login_required
def check_in_submit(session_id, step, code):
    session, now = get_session(session_id), utcnow()
    seen_at = _pass_seen_at(session, step, code, now) if session is not None else None
    # CSRFProtect has checked the form's token before this runs.
    _ok, outcome = run(lambda: check_in(session, current_user, step, code, now=now,
                                        seen_at=seen_at))
    return _result(session, outcome)
