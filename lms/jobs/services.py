"""Writes to the job record: queued, started, progressed, finished or failed. They flush."""

import os
import uuid
from datetime import UTC, timedelta

from sqlalchemy import delete, or_, update

from lms.core import file_store
from lms.core.clock import utcnow
from lms.extensions import db
from lms.jobs.errors import JobNotRetryable
from lms.jobs.files import JOBS_AREA
from lms.jobs.models import Job

# A job's error text is kept to this length: the end of a traceback says enough.
ERROR_LIMIT = 4000
# Files jobs leave (exports, ZIPs, uploaded imports) are deleted this long after written.
FILES_KEPT = timedelta(days=1)
# How long job records are kept: periodic runs only show the last one on the queue page, so a
# month is plenty; a requested job (done or failed) keeps its record a quarter, for questions.
PERIODIC_KEPT = timedelta(days=30)
REQUESTED_KEPT = timedelta(days=90)


def record_job(kind, params, requested_by=None, periodic=False):
    """Record a new pending job under a fresh uuid, before it is queued."""
    job = Job(id=str(uuid.uuid4()), kind=kind, params=params, periodic=periodic,
              requested_by_id=requested_by.id if requested_by is not None else None,
              status="pending", progress=0, message="", attempts=0)
    db.session.add(job)
    db.session.flush()
    return job


def start_job(job_id):
    """Mark the job running and count the attempt; None when it is not to run (unknown, done,
    or failed and not queued again)."""
    job = db.session.get(Job, job_id, with_for_update=True)
    # "running" too: the worker that ran it died, and Huey delivers it again.
    if job is None or job.status not in ("pending", "running"):
        return None
    job.status, job.started_at, job.attempts = "running", utcnow(), job.attempts + 1
    db.session.flush()
    return job


def finish_job(job_id, result):
    """Mark the job done with its result (JSON: counts, a file name)."""
    job = db.session.get(Job, job_id)
    job.status, job.result, job.error = "done", result, None
    job.progress, job.finished_at = 100, utcnow()
    db.session.flush()
    return job


def set_progress(job_id, progress, message=""):
    """Record how far a running job got (percent, and a line such as "2.000 of 9.000 rows").
    The caller commits it apart from the job's own work, for the page that follows it."""
    db.session.execute(
        update(Job).where(Job.id == job_id, Job.status == "running")
        .values(progress=max(0, min(99, int(progress))), message=message[:200])
        .execution_options(synchronize_session=False))


def record_failure(job_id, error, final):
    """Keep the attempt's error; the job fails for good on its last attempt, else waits."""
    job = db.session.get(Job, job_id)
    job.error = error[-ERROR_LIMIT:]
    job.status = "failed" if final else "pending"
    if final:
        job.finished_at = utcnow()
    db.session.flush()
    return job


def mark_not_queued(job_id, error):
    """The queue refused the job (unreachable): it is kept as failed, to be run again."""
    return record_failure(job_id, error, final=True)


def requeue_job(job_id):
    """Put a failed job back to pending under the same id, to be queued again."""
    job = db.session.get(Job, job_id)
    if job is None or job.status != "failed":
        raise JobNotRetryable()
    job.status, job.error, job.progress, job.message = "pending", None, 0, ""
    job.started_at = job.finished_at = None
    db.session.flush()
    return job


def purge_expired_files(folder, now, max_age=FILES_KEPT):
    """Delete the files jobs wrote under `folder` more than `max_age` ago; return the count."""
    if not os.path.isdir(folder):
        return 0
    # `now` is naive UTC (utcnow); file times are seconds since the epoch.
    cutoff = (now - max_age).replace(tzinfo=UTC).timestamp()
    deleted = 0
    for entry in os.scandir(folder):
        if entry.is_file() and entry.stat().st_mtime < cutoff:
            os.remove(entry.path)
            deleted += 1
    return deleted


def purge_stored_files(now, max_age=FILES_KEPT):
    """In database storage, delete the job files and uploads stored there more than `max_age`
    ago; return the count."""
    if not file_store.in_database():
        return 0
    return file_store.forget_older_than(JOBS_AREA, now - max_age)


def purge_old_jobs(now, periodic_kept=PERIODIC_KEPT, requested_kept=REQUESTED_KEPT):
    """Delete the records of periodic runs older than `periodic_kept` and of other jobs that
    ended (done or failed) more than `requested_kept` ago; return how many went. Jobs that
    wait or run are kept however old."""
    ended = Job.status.in_(("done", "failed"))
    statement = delete(Job).where(or_(
        Job.periodic.is_(True) & (Job.created_at < now - periodic_kept),
        Job.periodic.is_(False) & ended & (Job.finished_at < now - requested_kept)))
    return db.session.execute(statement.execution_options(synchronize_session=False)).rowcount
