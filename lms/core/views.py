"""Home page and language switch."""

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

from lms.auth.queries import get_usernames
from lms.core.clock import local_today
from lms.core.permissions import roles_required
from lms.core.queries import audit_log_query
from lms.extensions import db
from lms.learning.queries import get_my_courses

bp = Blueprint("core", __name__)


@bp.route("/")
@login_required
def home():
    cadre = current_user.cadre
    courses = get_my_courses(cadre.id, local_today()) if cadre else []
    return render_template("core/home.html", user=current_user, courses=courses)


@bp.route("/lang/<code>")
def set_language(code):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    # Go back to the page the switch was clicked on, but never to another site.
    back = request.referrer or ""
    return redirect(back if back.startswith(request.host_url) else url_for("core.home"))


@bp.route("/admin/audit")
@roles_required("admin")
def audit_log():
    prefix = request.args.get("action", "")[:40]
    entries = db.paginate(audit_log_query(prefix), per_page=50, error_out=False)
    actors = get_usernames({entry.actor_id for entry in entries.items})
    return render_template("core/audit.html", entries=entries, actors=actors, prefix=prefix)
