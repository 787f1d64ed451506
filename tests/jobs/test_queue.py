"""Jobs on a real Huey SQLite queue: run, retried with backoff, failed, skipped once done."""

import os
import time
from datetime import datetime

import pytest
from sqlalchemy import select

from lms import tasks
from lms.core.clock import utcnow
from lms.extensions import db
from lms.jobs.errors import JobNotQueued
from lms.jobs.models import Job
from lms.jobs.queries import get_job
from tests.jobs.conftest import run_next, run_scheduled


@tasks.job_task("test_write_line")
def write_line(job_id, log, fail_times=0):
    """Append a line to `log`; fail on the first `fail_times` attempts."""
    attempt = get_job(job_id).attempts
    if attempt <= fail_times:
        raise RuntimeError(f"attempt {attempt} broke")
    with open(log, "a") as file:
        file.write(f"{job_id}\n")
    return {"attempt": attempt}


def _lines(path):
    return path.read_text().splitlines() if path.exists() else []


def _job(job_id):
    db.session.expire_all()
    return db.session.get(Job, job_id)


def test_a_queued_job_runs_in_a_consumer_and_is_recorded_done(queue, app_ctx, tmp_path):
    log = tmp_path / "log.txt"
    job = tasks.enqueue("test_write_line", {"log": str(log)})
    assert _job(job.id).status == "pending"
    assert queue.pending_count() == 1

    consumer = tasks.start_in_process(workers=1, periodic=False)
    try:
        deadline = time.monotonic() + 10
        while _job(job.id).status != "done" and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        consumer.stop(graceful=True)

    done = _job(job.id)
    assert (done.status, done.attempts, done.progress, done.result) == ("done", 1, 100, {
        "attempt": 1})
    assert done.error is None and done.finished_at is not None
    assert _lines(log) == [job.id]


def test_a_failing_job_is_retried_with_backoff_then_recorded_failed(queue, app_ctx, tmp_path):
    log = tmp_path / "log.txt"
    job = tasks.enqueue("test_write_line", {"log": str(log), "fail_times": 9})

    run_next(queue)
    waiting = _job(job.id)
    assert (waiting.status, waiting.attempts) == ("pending", 1)
    assert "RuntimeError: attempt 1 broke" in waiting.error
    waits = []
    for _retry in range(tasks.RETRIES):
        (retry,) = queue.scheduled()
        waits.append((retry.eta - utcnow()).total_seconds())
        run_scheduled(queue)
    assert queue.scheduled() == [] and queue.pending_count() == 0

    # Each retry waits twice as long as the one before: 30 s, 1 min, 2 min.
    assert waits == [pytest.approx(30, abs=3), pytest.approx(60, abs=3),
                     pytest.approx(120, abs=3)]
    failed = _job(job.id)
    assert (failed.status, failed.attempts) == ("failed", 1 + tasks.RETRIES)
    assert "RuntimeError: attempt 4 broke" in failed.error and failed.finished_at is not None
    assert _lines(log) == []


def test_a_job_that_succeeds_on_a_retry_is_recorded_done(queue, app_ctx, tmp_path):
    log = tmp_path / "log.txt"
    job = tasks.enqueue("test_write_line", {"log": str(log), "fail_times": 1})
    run_next(queue)
    run_scheduled(queue)
    done = _job(job.id)
    assert (done.status, done.attempts, done.error, done.result) == ("done", 2, None,
                                                                     {"attempt": 2})
    assert _lines(log) == [job.id]


def test_a_finished_job_delivered_again_does_nothing(queue, app_ctx, tmp_path):
    log = tmp_path / "log.txt"
    job = tasks.enqueue("test_write_line", {"log": str(log)})
    run_next(queue)
    # The same job id reaches a worker a second time (a retry, a redelivery).
    tasks.TASKS["test_write_line"](job.id, {"log": str(log)})
    run_next(queue)
    again = _job(job.id)
    assert (again.status, again.attempts) == ("done", 1)
    assert _lines(log) == [job.id]


def test_a_failed_job_queued_again_runs_under_the_same_id(queue, app_ctx, tmp_path):
    log = tmp_path / "log.txt"
    job = tasks.enqueue("test_write_line", {"log": str(log), "fail_times": 1})
    run_next(queue)
    queue.flush()  # drop the scheduled retry: fail it for good by hand
    db.session.get(Job, job.id).status = "failed"
    db.session.commit()

    tasks.retry(job.id)
    assert _job(job.id).status == "pending"
    run_next(queue)
    assert (_job(job.id).status, _lines(log)) == ("done", [job.id])


def test_when_the_queue_is_down_the_job_is_kept_failed_with_why(app, app_ctx, tmp_path):
    # Nothing listens on port 9: enqueueing fails as when Redis is down.
    tasks.task_queue.configure("redis://127.0.0.1:9/0")
    try:
        with pytest.raises(JobNotQueued):
            tasks.enqueue("test_write_line", {"log": str(tmp_path / "log.txt")})
    finally:
        tasks.task_queue.init_app(app)
    (kept,) = db.session.scalars(select(Job)).all()
    assert kept.status == "failed" and "ConnectionError" in kept.error


@pytest.mark.parametrize("periodic", [True, False])
def test_periodic_jobs_are_scheduled_only_by_the_periodic_worker(queue, app_ctx, periodic):
    consumer = tasks.make_consumer(workers=1, periodic=periodic)
    # One pass of the scheduler this consumer runs, at a minute purge_expired_files is due.
    consumer._create_scheduler().loop(datetime(2026, 12, 1, 3, 17))
    queued = [queue.dequeue() for _task in range(queue.pending_count())]
    assert ([task.name for task in queued] == ["purge_expired_files"]) is periodic


@pytest.mark.parametrize("setting", [True, False])
def test_the_worker_schedules_periodic_jobs_as_lms_worker_periodic_says(app, app_ctx, setting,
                                                                         monkeypatch):
    monkeypatch.setitem(app.config, "WORKER_PERIODIC", setting)
    assert tasks.make_consumer(workers=1).periodic is setting


def test_a_failed_job_delivered_again_without_a_retry_does_nothing(queue, app_ctx, tmp_path):
    log = tmp_path / "log.txt"
    job = tasks.enqueue("test_write_line", {"log": str(log), "fail_times": 9})
    run_next(queue)
    db.session.get(Job, job.id).status = "failed"
    db.session.commit()
    run_scheduled(queue)
    assert (_job(job.id).status, _job(job.id).attempts) == ("failed", 1)


def test_purge_expired_files_runs_as_a_recorded_periodic_job(app, queue, app_ctx, tmp_path):
    folder = tmp_path / "job_files"
    folder.mkdir()
    old, fresh = folder / "old.xlsx", folder / "fresh.xlsx"
    old.write_text("x")
    fresh.write_text("y")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    app.config["JOB_FILES_FOLDER"] = str(folder)
    try:
        queue.execute(tasks.PERIODIC["purge_expired_files"].s())
    finally:
        app.config["JOB_FILES_FOLDER"] = str(tmp_path / "unused")
    assert sorted(p.name for p in folder.iterdir()) == ["fresh.xlsx"]
    (run,) = db.session.scalars(select(Job)).all()
    assert (run.kind, run.periodic, run.status, run.result) == (
        "purge_expired_files", True, "done",
        {"deleted": 1, "deleted_stored": 0, "jobs_deleted": 0})


def test_the_periodic_worker_writes_and_delivers_reminders_once(queue, app_ctx, org):
    from lms.core.clock import local_today
    from lms.learning.services import create_assignment
    from lms.notifications.models import Notification, NotificationDelivery
    from tests.factories import make_course
    from tests.learning.helpers import make_learner

    consumer = tasks.make_consumer(workers=1, periodic=True)
    consumer._create_scheduler().loop(datetime(2026, 12, 1, 3, 5))
    due = sorted(queue.dequeue().name for _task in range(queue.pending_count()))
    assert due == ["deliver_pending", "queue_due_reminders"]

    _cadre, user = make_learner(org.ward_a)
    create_assignment(make_course("Kỹ năng số"), org.ward_a, due_date=local_today())
    db.session.commit()
    for _run in range(2):  # a late or repeated run sends nothing twice
        queue.execute(tasks.PERIODIC["queue_due_reminders"].s())
        queue.execute(tasks.PERIODIC["deliver_pending"].s())
    reminders = db.session.scalars(select(Notification).where(
        Notification.user_id == user.id, Notification.kind == "reminder")).all()
    assert [n.dedupe_key.rsplit(":", 1)[1] for n in reminders] == ["0d"]
    statuses = db.session.scalars(select(NotificationDelivery.status).where(
        NotificationDelivery.notification_id == reminders[0].id)).all()
    assert statuses == ["sent"]
    runs = db.session.execute(select(Job.kind, Job.status).where(Job.periodic.is_(True))).all()
    assert sorted(runs) == [("deliver_pending", "done")] * 2 + [("queue_due_reminders", "done")] * 2
