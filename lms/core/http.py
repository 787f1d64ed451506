"""Small helpers for views."""

import io

from flask import Response, abort, make_response, send_file, stream_with_context

# The service worker (static/js/sw.js) keeps a copy of a page for offline reading only when
# the page carries this header: learner pages of her own learning, never pages with other
# people's data (organizer pages, reports, lists).
OFFLINE_HEADER = "X-Offline-Copy"
# A page's request that the service worker stores in its queue before sending (an answer, a
# lesson mark, a submission), so it is never lost when the connection drops: its value says
# what it is (JSON). The worker removes it before the request reaches the server.
QUEUE_HEADER = "X-Offline-Queue"


def or_404(found):
    """`found`, or a 404 answer when it is None (outside the user's scope looks missing)."""
    if found is None:
        abort(404)
    return found


def keep_offline(page):
    """The response for `page` (a rendered template or a response), marked as a page the
    learner's phone may keep for reading offline."""
    response = make_response(page)
    response.headers[OFFLINE_HEADER] = "keep"
    return response


def private_attachment(data, mimetype, filename):
    """A download of `data` (bytes, or the path of a file) named `filename` that no shared
    cache may keep a copy of: for files of personal data."""
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    response = send_file(source, mimetype=mimetype, as_attachment=True, download_name=filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def private_stream(chunks, mimetype, filename):
    """The same download as private_attachment, of the bytes `chunks` yields as they come."""
    response = Response(stream_with_context(chunks), mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response
