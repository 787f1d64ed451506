"""The language switch: the only page that belongs to no domain."""

from flask import Blueprint, current_app, redirect, request, session, url_for

bp = Blueprint("core", __name__)


@bp.route("/lang/<code>")
def set_language(code):
    if code in current_app.config["LANGUAGES"]:
        session["lang"] = code
    # Go back to the page the switch was clicked on, but never to another site.
    back = request.referrer or ""
    return redirect(back if back.startswith(request.host_url) else url_for("learning.home"))
