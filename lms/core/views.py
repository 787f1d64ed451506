"""Home page and language switch."""

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

bp = Blueprint("core", __name__)


@bp.route("/")
@login_required
def home():
    return render_template("core/home.html", user=current_user)


@bp.route("/lang/<code>")
def set_language(code):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    # Go back to the page the switch was clicked on, but never to another site.
    back = request.referrer or ""
    return redirect(back if back.startswith(request.host_url) else url_for("core.home"))
