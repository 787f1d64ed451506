"""The real site for the benchmarks that go through HTTP: the app under gunicorn and a queue
worker beside it, as separate processes on one database, and clients that sign in to it."""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urljoin

import redis
import requests

from config import BASE_DIR
from lms.auth.models import RoleGrant, User
from lms.auth.passwords import hash_password
from lms.bench.common import BenchmarkError
from lms.extensions import db

PASSWORD = "bench-password-1"
START_TIMEOUT_S = 60
# gunicorn's default, kept as in production: it ends a request that takes longer.
GUNICORN_TIMEOUT_S = 30
_CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def add_accounts(accounts):
    """Accounts from (username, cadre_id or None, organizer's unit id or None), all with
    PASSWORD (hashed once: each hash costs real work); committed."""
    password_hash = hash_password(PASSWORD)
    for username, cadre_id, organizer_unit_id in accounts:
        user = User(username=username, display_name=username, cadre_id=cadre_id,
                    password_hash=password_hash)
        if organizer_unit_id is not None:
            user.roles.append(RoleGrant(role="organizer", unit_id=organizer_unit_id))
        db.session.add(user)
    db.session.commit()


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _tail(path, lines=30):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


class Site:
    """gunicorn and the worker, running; `url` is where gunicorn listens."""

    def __init__(self, url, logs):
        self.url = url
        self.logs = logs
        self.clients = []

    def client(self):
        self.clients.append(Client(self.url))
        return self.clients[-1]

    def close_clients(self):
        for client in self.clients:
            client.http.close()


def _start(command, env, log_path):
    log = open(log_path, "wb")  # noqa: SIM115 (closed when the process is stopped)
    process = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    return process, log


def _stop(process, log, sig):
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    log.close()


def _wait_until_serving(url, gunicorn, log_path):
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if gunicorn.poll() is not None:
            raise BenchmarkError(f"gunicorn stopped at start-up:\n{_tail(log_path)}")
        try:
            # The first request of each worker is slow (templates, translations).
            if requests.get(f"{url}/login", timeout=15).status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass
        time.sleep(0.2)
    raise BenchmarkError(f"gunicorn did not answer within {START_TIMEOUT_S} s:\n"
                         f"{_tail(log_path)}")


@contextmanager
def running_site(database_url, workdir, web_workers=2, queue_workers=1, cache_url="none"):
    """Start `gunicorn -w web_workers 'lms:create_app()'` on a free port and `flask worker`,
    both in production configuration on `database_url` and the result cache at `cache_url`,
    the queue in a SQLite file under `workdir`; yield a Site, then stop both."""
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ,
           "LMS_DATABASE_URL": database_url,
           "LMS_SECRET_KEY": secrets.token_hex(16),
           "LMS_TASK_QUEUE_URL": f"sqlite:///{workdir / 'tasks.sqlite3'}",
           "LMS_JOB_FILES_FOLDER": str(workdir / "job_files"),
           "LMS_MEDIA_FOLDER": str(workdir / "uploads"),
           "LMS_WORKER_PERIODIC": "0",
           "LMS_CACHE_URL": cache_url}
    env.pop("FLASK_RUN_FROM_CLI", None)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    logs = {"gunicorn": workdir / "gunicorn.log", "worker": workdir / "worker.log"}
    with ExitStack() as stack:
        # gunicorn's default 30 s timeout is kept: a request that outlives it is killed, as in
        # production.
        gunicorn, log = _start([sys.executable, "-m", "gunicorn", "-w", str(web_workers),
                                "-b", f"127.0.0.1:{port}", "lms:create_app()"],
                               env, logs["gunicorn"])
        # SIGTERM: gunicorn finishes the requests in flight, then stops.
        stack.callback(_stop, gunicorn, log, signal.SIGTERM)
        worker, log = _start([sys.executable, "-m", "flask", "--app", "lms", "worker",
                              "--workers", str(queue_workers), "--no-periodic"],
                             env, logs["worker"])
        # SIGTERM: Huey's consumer stops at once (a bench has nothing left to wait for).
        stack.callback(_stop, worker, log, signal.SIGTERM)
        _wait_until_serving(url, gunicorn, logs["gunicorn"])
        if worker.poll() is not None:
            raise BenchmarkError(f"the worker stopped at start-up:\n{_tail(logs['worker'])}")
        site = Site(url, logs)
        stack.callback(site.close_clients)
        yield site


def empty_cache(cache_url):
    """Start a benchmark's Redis cache empty: figures kept from another run's database, whose
    ids are the same, must not be read as this one's."""
    if not cache_url.startswith("redis"):
        return
    try:
        redis.Redis.from_url(cache_url, socket_connect_timeout=2).flushdb()
    except redis.RedisError as error:
        raise BenchmarkError(f"Redis is not reachable at {cache_url} ({error}); start it or "
                             "pass --cache-url none") from None


class Client:
    """One browser: its own cookies, no redirects followed (the benchmark looks at them)."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.http = requests.Session()

    def absolute(self, path):
        return urljoin(self.base_url + "/", path)

    def _received(self, response):
        # The production configuration marks cookies Secure (HTTPS ends at the reverse
        # proxy); the benchmark speaks plain HTTP to gunicorn itself, so send them anyway.
        for cookie in self.http.cookies:
            cookie.secure = False
        return response

    def get(self, path, timeout=120, **kwargs):
        return self._received(self.http.get(self.absolute(path), allow_redirects=False,
                                            timeout=timeout, **kwargs))

    def post(self, path, timeout=120, **kwargs):
        return self._received(self.http.post(self.absolute(path), allow_redirects=False,
                                             timeout=timeout, **kwargs))

    def csrf_token(self, path):
        """The CSRF token of the form on the page at `path`."""
        response = self.get(path)
        found = _CSRF.search(response.text) if response.status_code == 200 else None
        if found is None:
            raise BenchmarkError(f"no form with a CSRF token at {path} "
                                 f"(HTTP {response.status_code})")
        return found.group(1)

    def sign_in(self, username, password=PASSWORD):
        response = self.post("/login", data={"csrf_token": self.csrf_token("/login"),
                                             "login": username, "password": password})
        if response.status_code != 302:
            raise BenchmarkError(f"{username} could not sign in (HTTP {response.status_code})")
        return self
