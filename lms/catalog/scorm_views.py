"""A SCORM package's files, served to the lesson page's frame, kept away from the app.

Every response carries `Content-Security-Policy: sandbox allow-scripts allow-forms`: without
allow-same-origin the browser gives the package's pages an opaque origin of their own, so
their scripts cannot read the app's cookies, storage or pages, nor send requests as the
learner (her cookies are SameSite=Lax, and a sandboxed page's requests are cross-site). The
package talks to the lesson page only by postMessage: every HTML page gets two scripts
(scorm-again's CrossFrameAPI and static/js/scorm_frame.js) that give it the window.API it looks
for. No login is asked (the sandboxed frame's requests carry no cookies): a package's address
holds a random key of 128 bits, known only to those who may open the lesson.
"""

import re

from flask import abort, make_response, url_for

from lms.catalog import scorm_bp
from lms.catalog.queries import get_scorm_package
from lms.catalog.scorm import read_package_file

SANDBOX_POLICY = ("sandbox allow-scripts allow-forms; "
                  "default-src 'self' 'unsafe-inline' data:; frame-ancestors 'self'")
_HEAD = re.compile(rb"<head\b[^>]*>", re.IGNORECASE)


@scorm_bp.route("/<key>/<path:path>")
def package_file(key, path):
    package = get_scorm_package(key)
    if package is None:
        abort(404)
    found = read_package_file(package, path)
    if found is None:
        abort(404)
    data, content_type = found
    if content_type == "text/html":
        data = _with_bridge(data)
        content_type = "text/html; charset=utf-8" if b"charset" not in data[:1024].lower() \
            else "text/html"
    response = make_response(data)
    response.headers["Content-Type"] = content_type
    response.headers["Content-Security-Policy"] = SANDBOX_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Only the lesson page, on this site, may show it in a frame.
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Cross-Origin-Resource-Policy"] = "same-origin"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.cache_control.private = True
    response.cache_control.max_age = 3600
    return response


def _with_bridge(html):
    """The page with the scripts that give it window.API first in its head."""
    scripts = "".join(
        f'<script src="{url_for("static", filename=name)}"></script>'
        for name in ("vendor/scorm-again/cross-frame-api.min.js", "js/scorm_frame.js"))
    scripts = scripts.encode()
    match = _HEAD.search(html)
    if match is None:
        return scripts + html
    return html[:match.end()] + scripts + html[match.end():]
