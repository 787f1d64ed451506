"""The queue's tests use a real Huey SQLite storage in their own file, never immediate mode."""

from datetime import timedelta

import pytest

from lms.extensions import task_queue


@pytest.fixture
def queue(app, app_ctx, tmp_path):
    """The task queue on a fresh SQLite file; the suite's immediate mode again after."""
    task_queue.configure(f"sqlite:///{tmp_path}/tasks.sqlite3")
    yield task_queue
    task_queue.init_app(app)


def run_next(queue):
    """Take the next task off the queue and run it, as a consumer's worker does."""
    task = queue.dequeue()
    assert task is not None, "nothing was queued"
    queue.execute(task)
    return task


def run_scheduled(queue):
    """Run the one task waiting for a later time (a retry), now; return its eta."""
    (task,) = queue.scheduled()
    # Take it off the schedule, as the scheduler does once it is due.
    assert queue.read_schedule(task.eta + timedelta(seconds=1)) == [task]
    due = task.eta
    queue.execute(task, timestamp=due)
    return due
