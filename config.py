"""Configuration classes. Secrets and URLs come from LMS_* environment variables.

Nothing here touches the database or the file system at import time.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


class Config:
    """Production defaults; the app refuses to start without LMS_SECRET_KEY."""

    SECRET_KEY = os.environ.get("LMS_SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "LMS_DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'lms.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # PostgreSQL only: connections each process keeps open, and how many more it may open
    # under load. Every gunicorn worker and queue worker is a process: (workers + queue
    # workers) × (pool size + overflow) must stay below the server's max_connections.
    DATABASE_POOL_SIZE = int(os.environ.get("LMS_DATABASE_POOL_SIZE", "5"))
    DATABASE_MAX_OVERFLOW = int(os.environ.get("LMS_DATABASE_MAX_OVERFLOW", "5"))
    # PostgreSQL only: a statement of a web request that runs longer than this is cancelled
    # and the user is told, so that a report that would run away cannot hold a worker; the
    # queue's jobs and the commands run without a limit. 0: no limit.
    WEB_STATEMENT_TIMEOUT_MS = int(os.environ.get("LMS_WEB_STATEMENT_TIMEOUT_MS", "15000"))
    # How much lower than a learner's page the CPU priority of a report page is, inside the
    # web worker (lms/core/priority.py): on a busy server learners are served first. 0: the
    # same priority.
    REPORTS_NICE = int(os.environ.get("LMS_REPORTS_NICE", "10"))
    RATELIMIT_STORAGE_URI = os.environ.get("LMS_RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = True
    # Redis unreachable: the limits are counted in each process's memory until it answers
    # again (checked with growing pauses), and the log says so; sign-in and certificate
    # checks keep working. A Redis that stops answering mid-request is waited for at most
    # half a second, and an error counting a limit is logged, never shown as a 500.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    # Where computed figures (the dashboard's indicators) are kept between requests, under a
    # version every committed write to their tables raises (lms/core/cache.py): redis://...
    # shared by every process and server (the rate limits' Redis by default), memory:// for
    # one process only, none to compute every time.
    CACHE_URL = os.environ.get("LMS_CACHE_URL") or (
        RATELIMIT_STORAGE_URI if RATELIMIT_STORAGE_URI.startswith("redis") else "none")
    CACHE_TTL_S = int(os.environ.get("LMS_CACHE_TTL_S", "600"))
    # Failed sign-in (and first sign-in) attempts allowed per account, whichever of its names
    # is typed, and per client address; correct sign-ins are never counted.
    LOGIN_LIMIT_PER_ACCOUNT = os.environ.get("LMS_LOGIN_LIMIT_PER_ACCOUNT", "5 per 5 minutes")
    LOGIN_LIMIT_PER_ADDRESS = os.environ.get("LMS_LOGIN_LIMIT_PER_ADDRESS", "50 per 5 minutes")
    # Requests for a password reset link, counted whether or not the account exists (each
    # sends an email when it does): per account named, whichever of its names, and per
    # client address; and searches for whom to ask for a new code, per address.
    RESET_LIMIT_PER_ACCOUNT = os.environ.get("LMS_RESET_LIMIT_PER_ACCOUNT", "3 per hour")
    RESET_LIMIT_PER_ADDRESS = os.environ.get("LMS_RESET_LIMIT_PER_ADDRESS", "20 per hour")
    ORGANIZER_SEARCH_LIMIT_PER_ADDRESS = os.environ.get(
        "LMS_ORGANIZER_SEARCH_LIMIT_PER_ADDRESS", "30 per 10 minutes")
    # Certificate codes that are not found, per client address.
    VERIFY_LIMIT_PER_ADDRESS = os.environ.get("LMS_VERIFY_LIMIT_PER_ADDRESS", "30 per minute")
    # How many reverse proxies in front of the app set X-Forwarded-For/-Proto/-Host; 0 trusts
    # no header (the client address is the connecting one).
    TRUSTED_PROXIES = int(os.environ.get("LMS_TRUSTED_PROXIES", "0"))
    # Argon2id at OWASP's recommended minimum (Password Storage Cheat Sheet): 19 MiB, 2
    # iterations, 1 lane. Hashes of other methods are upgraded at the next sign-in.
    PASSWORD_HASH_METHOD = "argon2id"
    ARGON2_TIME_COST = 2
    ARGON2_MEMORY_KIB = 19 * 1024
    ARGON2_PARALLELISM = 1
    # A signed-in browser unused this long must sign in again.
    SESSION_IDLE_DAYS = int(os.environ.get("LMS_SESSION_IDLE_DAYS", "30"))

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True

    # Compress pages and JSON built in memory; files sent from disk (static, downloads) go as
    # they are: Flask-Compress's streaming path leaves their file handles open.
    COMPRESS_STREAMS = False
    MAX_CONTENT_LENGTH = 20 * 1024 * 1024
    # Images and PDFs of courses: stored outside static/, under generated names.
    MEDIA_FOLDER = os.environ.get("LMS_MEDIA_FOLDER", str(INSTANCE_DIR / "uploads"))
    MEDIA_MAX_BYTES = 5 * 1024 * 1024
    # Where uploaded media and the files of jobs (exports, imports) are kept: "folder", in
    # MEDIA_FOLDER and JOB_FILES_FOLDER only (one machine, or a folder all machines mount);
    # "database", in the database too, the folders then each machine's cache: for several
    # app servers and workers that share nothing but the database (lms/core/file_store.py).
    FILE_STORAGE = os.environ.get("LMS_FILE_STORAGE", "folder")
    PAGE_SIZE = 50
    # One-time sign-in codes handed to imported cadres stay valid this long.
    ONE_TIME_CODE_DAYS = 14
    DEMO_MODE = False
    # Where the links in notifications point (emails are read outside the site).
    BASE_URL = os.environ.get("LMS_BASE_URL", "http://localhost:5000").rstrip("/")
    # Email through SMTP; without a server, notifications stay in the app.
    MAIL_SERVER = os.environ.get("LMS_MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("LMS_MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("LMS_MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("LMS_MAIL_PASSWORD")
    MAIL_USE_TLS = os.environ.get("LMS_MAIL_USE_TLS", "").lower() in ("1", "true", "yes")
    MAIL_SENDER = os.environ.get("LMS_MAIL_SENDER", "hoclieu@localhost")
    # The task queue: redis://... in production; by default Huey's SQLite storage in a file,
    # so a fresh machine needs no Redis.
    TASK_QUEUE_URL = os.environ.get("LMS_TASK_QUEUE_URL",
                                    f"sqlite:///{INSTANCE_DIR / 'tasks.sqlite3'}")
    # Run jobs at once in the caller instead of queueing them (tests that are not about the
    # queue).
    TASK_QUEUE_IMMEDIATE = False
    # Whether `flask worker` also schedules the periodic jobs: on exactly one worker.
    WORKER_PERIODIC = os.environ.get("LMS_WORKER_PERIODIC", "0") == "1"
    # Files that jobs write (exports) live here for a day.
    JOB_FILES_FOLDER = os.environ.get("LMS_JOB_FILES_FOLDER", str(INSTANCE_DIR / "job_files"))


class DemoConfig(Config):
    """The local demo: known passwords, plain HTTP on 127.0.0.1."""

    SECRET_KEY = os.environ.get("LMS_SECRET_KEY", "demo-only-not-secret")
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    DEMO_MODE = True
    # `flask run` is one process: its own memory is a correct cache.
    CACHE_URL = os.environ.get("LMS_CACHE_URL", "memory://")


class TestConfig(Config):
    """Tests: SQLite in a temporary file unless LMS_TEST_DATABASE_URL names PostgreSQL."""

    TESTING = True
    SECRET_KEY = "test-only-not-secret"
    SQLALCHEMY_DATABASE_URI = os.environ.get("LMS_TEST_DATABASE_URL", "sqlite://")
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    WTF_CSRF_ENABLED = True
    RATELIMIT_STORAGE_URI = "memory://"
    CACHE_URL = "memory://"
    # Fast hashing for the many accounts tests create; the tests of hashing use Argon2id.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    # Tests of the queue point it at their own SQLite file (tests/jobs/conftest.py).
    TASK_QUEUE_IMMEDIATE = True
