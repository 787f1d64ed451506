"""The pages that belong to no domain: the language switch, a fresh form token, and what makes
the site an installable app (service worker, manifest, offline page)."""

import hashlib
import json
from functools import cache
from pathlib import Path

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf

from lms.core.http import OFFLINE_HEADER, QUEUE_HEADER

THEME_COLOUR = "#a4135a"  # --brand in static/css/app.css

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


# ---- The installable app: its service worker, manifest and offline page ----------------------

# The app shell the service worker keeps from its first start (static/js/sw.js): what every
# learner page needs to open offline, and no more (the first visit on 3G pays for it). The
# icons are the installer's business: the phone fetches them when she installs.
APP_SHELL = ("css/app.css", "css/print.css", "js/offline.js", "js/quiz.js")


@cache
def _file_revision(path):
    """A revision of a static file (its content's hash): the service worker keeps a file
    until its revision changes. Read once per process; a deploy restarts the process."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def _service_worker_config():
    static = Path(current_app.static_folder)
    precache = [{"url": url_for("static", filename=name),
                 "revision": _file_revision(static / name)} for name in APP_SHELL]
    offline_page = render_template("offline.html")
    precache.append({"url": url_for("core.offline"),
                     "revision": hashlib.sha256(offline_page.encode()).hexdigest()[:16]})
    return {
        "precache": precache,
        "workbox": url_for("static", filename="vendor/workbox").rstrip("/"),
        "offlineUrl": url_for("core.offline"),
        "tokenUrl": url_for("core.csrf_token"),
        "loginPath": url_for("auth.login"),
        "header": OFFLINE_HEADER,
        "queueHeader": QUEUE_HEADER,
    }


@bp.route("/sw.js")
def service_worker():
    """The service worker, at the site's root so that it serves every page: its settings on
    the first line, then static/js/sw.js. Revalidated on every visit, so an update (a new
    revision of a file, a new offline page) reaches phones at their next connection."""
    script = Path(current_app.static_folder, "js", "sw.js").read_text(encoding="utf-8")
    body = (f"self.OFFLINE_CONFIG = {json.dumps(_service_worker_config())};\n{script}")
    response = current_app.response_class(body, mimetype="text/javascript")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/manifest.webmanifest")
def web_manifest():
    """What a phone needs to install the site on its home screen."""
    def icon(name, size, purpose="any"):
        return {"src": url_for("static", filename=f"icons/{name}"), "sizes": f"{size}x{size}",
                "type": "image/png", "purpose": purpose}

    manifest = {
        "name": _("Union Cadre Learning"),
        "short_name": _("Cadre learning"),
        "description": _("Courses of the Hanoi Women's Union for its cadres, on the phone."),
        "lang": str(get_locale()),
        "start_url": url_for("learning.home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#f7f5f8",
        "theme_color": THEME_COLOUR,
        "icons": [icon("icon-192.png", 192), icon("icon-512.png", 512),
                  icon("icon-maskable-512.png", 512, "maskable")],
    }
    response = current_app.response_class(json.dumps(manifest, ensure_ascii=False),
                                          mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.route("/offline")
def offline():
    """The page a phone shows when a page she opens is not on it and there is no connection:
    the same for everyone (it is kept on the phone), the downloaded courses listed by
    static/js/offline.js from what the phone holds."""
    return render_template("offline.html")
