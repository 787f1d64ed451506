"""Reads for the queue page: counts by status, failed jobs, the last run of periodic jobs."""

from sqlalchemy import func, select

from lms.extensions import db, task_queue
from lms.jobs.models import JOB_STATUSES, Job


def get_job(job_id):
    """The job with this id, or None."""
    return db.session.get(Job, job_id)


def find_unfinished_job(kind, requested_by_id, params):
    """The requester's job of `kind` with the same params that still waits or runs, or None:
    a second tap on a long export follows the first one's job instead of making another."""
    candidates = db.session.scalars(
        select(Job).where(Job.kind == kind, Job.requested_by_id == requested_by_id,
                          Job.status.in_(("pending", "running")))
        .order_by(Job.created_at.desc()).limit(20))
    return next((job for job in candidates if job.params == params), None)


def find_done_jobs(kind, requested_by_id, params, limit=5):
    """The requester's latest finished jobs of `kind` with the same params, newest first."""
    candidates = db.session.scalars(
        select(Job).where(Job.kind == kind, Job.requested_by_id == requested_by_id,
                          Job.status == "done")
        .order_by(Job.finished_at.desc()).limit(20))
    return [job for job in candidates if job.params == params][:limit]


def count_jobs_by_status():
    """How many jobs are in each status, every status present (0 when none)."""
    counts = dict(db.session.execute(select(Job.status, func.count()).group_by(Job.status)).all())
    return {status: counts.get(status, 0) for status in JOB_STATUSES}


def get_failed_jobs(limit=50):
    """The most recently failed jobs, newest first."""
    return list(db.session.scalars(select(Job).where(Job.status == "failed")
                                   .order_by(Job.finished_at.desc(), Job.created_at.desc())
                                   .limit(limit)))


def get_last_periodic_runs(kinds):
    """The latest recorded run of each periodic job in `kinds`: {kind: Job or None}."""
    latest = (select(Job.kind, func.max(Job.created_at).label("at"))
              .where(Job.periodic.is_(True)).group_by(Job.kind).subquery())
    runs = db.session.scalars(select(Job).join(
        latest, (Job.kind == latest.c.kind) & (Job.created_at == latest.c.at))
        .order_by(Job.started_at))
    by_kind = {job.kind: job for job in runs}
    return {kind: by_kind.get(kind) for kind in kinds}


def get_queue_size():
    """How many tasks wait in the queue's storage; None when it cannot be reached."""
    try:
        return task_queue.pending_count()
    except Exception:
        # Redis down: the page says so instead of failing.
        return None
