"""The page that follows a file import job: its progress, then where its outcome is shown."""

from flask import abort, flash, redirect, render_template
from flask_login import current_user

from lms.core.http import or_404
from lms.jobs.queries import get_job


def follow_import(job_id, kinds, *, title, again_url, next_url, show_errors, result_class):
    """The signed-in organizer's import job of one of `kinds`: its progress while it waits or
    runs; once done the summary (on to `next_url`), the refusal (back to `again_url`) or the
    row problems (`show_errors(kind, errors, filename)`)."""
    job = or_404(get_job(job_id))
    kind = (job.params or {}).get("kind")
    if job.requested_by_id != current_user.id or job.kind != f"import_{kind}" or \
            kind not in kinds:
        abort(404)
    outcome = job.result or {}
    if job.status != "done":
        return render_template("org/import_progress.html", job=job, title=title(kind),
                               again_url=again_url(kind))
    if "errors" in outcome:
        return show_errors(kind, outcome["errors"], job.params["filename"])
    if "refused" in outcome:
        flash(outcome["refused"], "error")
        return redirect(again_url(kind))
    flash(str(result_class(kind)(**outcome).summary()), "success")
    return redirect(next_url(kind))
