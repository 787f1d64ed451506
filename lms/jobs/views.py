"""The admin's queue page (what waits, runs and failed, the last run of periodic jobs), and
the page of a job for whoever asked for it: its progress, then its file or where to go on."""

from flask import abort, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from lms import tasks
from lms.auth.decorators import admin_required
from lms.core.http import private_attachment, private_stream
from lms.core.use_case import run
from lms.jobs import jobs_bp
from lms.jobs.files import is_kept, stored_chunks, stored_file
from lms.jobs.queries import (
    count_jobs_by_status,
    get_failed_jobs,
    get_job,
    get_last_periodic_runs,
    get_queue_size,
)
from lms.jobs.services import FILES_KEPT
from lms.notifications.texts import job_link
from lms.org.scope import unit_in_scope


@jobs_bp.route("/admin/jobs/")
@admin_required
def queue_health():
    return render_template("jobs/health.html", counts=count_jobs_by_status(),
                           queue_size=get_queue_size(), failed=get_failed_jobs(),
                           retryable=set(tasks.TASKS), labels=tasks.LABELS,
                           periodic=get_last_periodic_runs(sorted(tasks.PERIODIC)))


@jobs_bp.post("/admin/jobs/<job_id>/retry")
@admin_required
def retry_job(job_id):
    ok, _job = run(lambda: tasks.retry(job_id))
    if ok:
        flash(_("The job was queued again."), "success")
    return redirect(url_for("jobs.queue_health"))


def _own_job_or_404(job_id):
    """The signed-in user's own job; anyone else's (admins' too) answers like a missing one,
    and so does a unit's job once the unit is no longer in her scope."""
    job = get_job(job_id)
    if job is None or job.requested_by_id != current_user.id:
        abort(404)
    unit_id = (job.params or {}).get("unit_id")
    if unit_id is not None and unit_in_scope(current_user, unit_id) is None:
        abort(404)
    return job


def _urls(job):
    """(file URL, next URL) of a finished job: its file while kept, where to go on."""
    if job.status != "done":
        return None, None
    file_url = url_for("jobs.job_file", job_id=job.id) if is_kept(job) else None
    return file_url, (job.result or {}).get("next_url")


@jobs_bp.route("/jobs/<job_id>")
@login_required
def show_job(job_id):
    job = _own_job_or_404(job_id)
    if job.kind.startswith("import_"):
        return redirect(job_link(job))  # imports have their own page
    file_url, next_url = _urls(job)
    return render_template("jobs/job.html", job=job, result=job.result or {},
                           title=job.params.get("title") or tasks.LABELS.get(job.kind, job.kind),
                           file_url=file_url, next_url=next_url,
                           again_url=job.params.get("again_url"),
                           kept_until=job.finished_at and job.finished_at + FILES_KEPT)


@jobs_bp.route("/jobs/<job_id>/status")
@login_required
def job_status(job_id):
    job = _own_job_or_404(job_id)
    file_url, next_url = _urls(job)
    return jsonify(status=job.status, progress=job.progress, message=job.message,
                   file_url=file_url, next_url=next_url)


@jobs_bp.route("/jobs/<job_id>/file")
@login_required
def job_file(job_id):
    job = _own_job_or_404(job_id)
    if job.status != "done" or not is_kept(job):
        abort(404)
    # Personal data: no shared cache may keep a copy.
    mimetype, name = job.result.get("mimetype"), job.result["download_name"]
    path = stored_file(job)
    if path is None:  # written by a worker on another machine
        return private_stream(stored_chunks(job), mimetype, name)
    return private_attachment(path, mimetype, name)
