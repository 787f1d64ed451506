"""The answer of a page that hands its work to a job: the job's page to follow it."""

from flask import redirect, request, url_for
from flask_babel import get_locale

from lms.core.use_case import run


def queue_and_follow(queue_job, fallback_url, again_url=None, category="error"):
    """Queue the job through `queue_job(again_url=..., locale=...)` as a use case and answer
    with its page (303); when it cannot be queued (the message flashed), go to `fallback_url`.
    `again_url`, the page that asks for the job once more, is this request's by default; the
    job's texts are written in the reader's language."""
    again_url = again_url or request.full_path.rstrip("?")
    ok, job = run(lambda: queue_job(again_url=again_url, locale=str(get_locale())),
                  category=category)
    if ok:
        return redirect(url_for("jobs.show_job", job_id=job.id), 303)
    return redirect(fallback_url)
