"""flask worker runs below the web server's CPU priority, so a long export yields to learners."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]


def _niceness(pid):
    # Field 19 of /proc/<pid>/stat; the command name (field 2) is in parentheses.
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])


def _start_worker(tmp_path, *options, own_session=False):
    env = {**os.environ, "LMS_SECRET_KEY": "worker-test",
           "LMS_DATABASE_URL": f"sqlite:///{tmp_path / 'app.sqlite3'}",
           "LMS_TASK_QUEUE_URL": f"sqlite:///{tmp_path / 'tasks.sqlite3'}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "lms", "worker", "--workers", "1",
         "--no-periodic", *options], cwd=BASE_DIR, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=own_session)
    banner = process.stdout.readline()
    return process, banner


def _stop(process):
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.stdout.close()


def test_the_worker_lowers_its_cpu_priority_by_ten_unless_told_otherwise(tmp_path):
    ours = os.nice(0)
    process, banner = _start_worker(tmp_path)
    try:
        assert "CPU priority lowered by 10" in banner
        assert _niceness(process.pid) == min(19, ours + 10)
    finally:
        _stop(process)
    process, banner = _start_worker(tmp_path, "--nice", "0")
    try:
        time.sleep(0.2)
        assert _niceness(process.pid) == ours
    finally:
        _stop(process)


def test_a_worker_leading_its_own_session_lowers_its_scheduling_group_too(tmp_path):
    # With Linux autogroup a nice value counts only inside the session's group: gunicorn in
    # a session of its own would still share the processor half and half with the worker.
    if not Path("/proc/self/autogroup").exists():
        pytest.skip("this kernel groups no processes by session (no autogroup)")
    process, banner = _start_worker(tmp_path, own_session=True)
    try:
        assert "CPU priority lowered by 10" in banner
        assert Path(f"/proc/{process.pid}/autogroup").read_text().split()[-1] == "10"
    finally:
        _stop(process)
    # Started from a terminal's session, it leaves that session's group alone.
    process, _banner = _start_worker(tmp_path)
    try:
        assert Path(f"/proc/{process.pid}/autogroup").read_text() == \
            Path("/proc/self/autogroup").read_text()
    finally:
        _stop(process)
