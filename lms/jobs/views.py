"""The admin's queue page: what waits, runs and failed, and the last run of periodic jobs."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from lms import tasks
from lms.auth.decorators import admin_required
from lms.core.use_case import run
from lms.jobs import jobs_bp
from lms.jobs.queries import (
    count_jobs_by_status,
    get_failed_jobs,
    get_last_periodic_runs,
    get_queue_size,
)


@jobs_bp.route("/")
@admin_required
def queue_health():
    return render_template("jobs/health.html", counts=count_jobs_by_status(),
                           queue_size=get_queue_size(), failed=get_failed_jobs(),
                           retryable=set(tasks.TASKS), labels=tasks.LABELS,
                           periodic=get_last_periodic_runs(sorted(tasks.PERIODIC)))


@jobs_bp.post("/<job_id>/retry")
@admin_required
def retry_job(job_id):
    ok, _job = run(lambda: tasks.retry(job_id))
    if ok:
        flash(_("The job was queued again."), "success")
    return redirect(url_for("jobs.queue_health"))
