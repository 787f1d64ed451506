"""The language switch and a fresh form token: the only pages that belong to no domain."""

from flask import Blueprint, current_app, jsonify, redirect, request, session, url_for
from flask_wtf.csrf import generate_csrf

bp = Blueprint("core", __name__)


@bp.route("/lang/<code>")
def set_language(code):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    # Go back to the page the switch was clicked on, but never to another site.
    back = request.referrer or ""
    return redirect(back if back.startswith(request.host_url) else url_for("learning.home"))


@bp.route("/csrf-token")
def csrf_token():
    """A fresh form token for this browser's session: a page open longer than the token lives
    (a long quiz) takes one before it saves again, so no answer is refused."""
    response = jsonify(token=generate_csrf())
    response.headers["Cache-Control"] = "private, no-store"
    return response
