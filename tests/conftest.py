"""Shared fixtures: one app and schema per test session, emptied after each test.

Set LMS_TEST_DATABASE_URL=postgresql+psycopg://... to run everything on PostgreSQL.
"""

import os
import re
import tempfile
from contextlib import contextmanager

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event, text

from config import TestConfig
from lms import create_app
from lms.extensions import db, limiter, result_cache, task_queue
from tests import factories

_SQLITE_DIR = tempfile.mkdtemp(prefix="lms-tests-")


def _own_postgresql_database_per_worker():
    """Under pytest-xdist each worker empties and rebuilds its database: give each its own
    (test -> test_gw0, test_gw1, ...), created on first use."""
    url = os.environ.get("LMS_TEST_DATABASE_URL", "")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker or not url.startswith("postgresql"):
        return
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    name = f"{parsed.database}_{worker}"
    server = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(server, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["LMS_TEST_DATABASE_URL"] = parsed.set(database=name).render_as_string(
        hide_password=False)


_own_postgresql_database_per_worker()


def _test_database_url():
    url = os.environ.get("LMS_TEST_DATABASE_URL")
    return url or f"sqlite:///{_SQLITE_DIR}/test.sqlite3"


def _reset_schema():
    """Start from an empty database, so a previous run's tables never leak in."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        db.drop_all()
    db.create_all()


def _config_dict(cls):
    return {key: getattr(cls, key) for key in dir(cls) if key.isupper()}


@pytest.fixture(scope="session")
def app():
    app = create_app({**_config_dict(TestConfig), "SQLALCHEMY_DATABASE_URI": _test_database_url(),
                      "MEDIA_FOLDER": f"{_SQLITE_DIR}/uploads",
                      "JOB_FILES_FOLDER": f"{_SQLITE_DIR}/job_files"})
    with app.app_context():
        _reset_schema()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean_state(request):
    yield
    if "app" not in request.fixturenames:
        return
    app = request.getfixturevalue("app")
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())
        limiter.reset()


@pytest.fixture
def app_ctx(app):
    # A test that builds its own app (migrations, the demo, a benchmark) binds the task queue
    # and the result cache to that one; each test starts with the test app's, the cache empty.
    task_queue.init_app(app)
    result_cache.init_app(app)
    with app.app_context():
        yield
        db.session.remove()


class FreshContextClient(FlaskClient):
    """Runs each request in its own app context, as in production.

    Without this, requests reuse the test's app context and share `g` (the signed-in
    user, the locale) and the database session across requests.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        # The request wrote through its own session: reload what the test holds.
        db.session.expire_all()
        return response


@pytest.fixture
def client(app, app_ctx):
    app.test_client_class = FreshContextClient
    return app.test_client()


@pytest.fixture
def org(app_ctx):
    """A small tree: city > two wards > a branch each > a group under the first branch."""
    return factories.make_org()


@pytest.fixture
def organizer_a(client, org):
    """A browser signed in as the organizer of ward A (org_a)."""
    factories.make_user("org_a", role="organizer", unit=org.ward_a)
    login(client, "org_a")
    return client


def csrf_token_from(html):
    """The CSRF token of the first form in a page."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)


def login(client, username, password="secret-pass"):
    page = client.get("/login")
    token = csrf_token_from(page.get_data(as_text=True))
    return client.post("/login", data={"login": username, "password": password,
                                       "csrf_token": token})


def logout(client):
    token = csrf_token_from(client.get("/").get_data(as_text=True))
    return client.post("/logout", data={"csrf_token": token})


def post_form(client, url, data=None, **kwargs):
    """POST to `url` with the CSRF token taken from GET `url` (or `form_url`)."""
    form_url = kwargs.pop("form_url", url)
    token = csrf_token_from(client.get(form_url).get_data(as_text=True))
    return client.post(url, data={**(data or {}), "csrf_token": token}, **kwargs)


@contextmanager
def count_statements():
    """A list that receives each SQL statement the engine runs inside the block."""
    statements = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
