"""Small helpers for views."""

import io

from flask import abort, send_file


def or_404(found):
    """`found`, or a 404 answer when it is None (outside the user's scope looks missing)."""
    if found is None:
        abort(404)
    return found


def private_attachment(data, mimetype, filename):
    """A download of `data` (bytes, or the path of a file) named `filename` that no shared
    cache may keep a copy of: for files of personal data."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    response = send_file(source, mimetype=mimetype, as_attachment=True, download_name=filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response
