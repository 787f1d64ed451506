"""Home page and language switch."""

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required

bp = Blueprint("core", __name__)


@bp.route("/")
@login_required
def home():
    return render_template("core/home.html", user=current_user)


@bp.route("/lang/<code>")
def set_language(code):
    from flask import current_app

    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    target = request.referrer or url_for("core.home")
    return redirect(target)
