"""Application set-up: secret key, SQLite and PostgreSQL settings, language, error pages."""

import gzip
import os
import uuid
from datetime import timedelta

import psycopg
import pytest
from sqlalchemy import create_engine, event, insert, make_url, text

from config import Config
from lms import create_app
from lms.auth.models import User
from lms.core.clock import utcnow
from lms.extensions import db
from lms.org.models import Cadre, Unit
from tests.conftest import login
from tests.factories import make_org, make_user


def test_app_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("FLASK_RUN_FROM_CLI", raising=False)
    with pytest.raises(RuntimeError, match="LMS_SECRET_KEY"):
        create_app({"SECRET_KEY": None})


def test_under_the_cli_it_refuses_to_serve_without_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    app = create_app({"SECRET_KEY": None,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})
    assert app.test_client().get("/login").status_code == 500


def test_default_database_is_sqlite_in_instance():
    assert Config.SQLALCHEMY_DATABASE_URI.startswith("sqlite:///")
    assert "/instance/" in Config.SQLALCHEMY_DATABASE_URI


def test_sqlite_runs_in_wal_mode_with_busy_timeout(app_ctx):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite-only setting")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_postgresql_connections_run_without_jit_and_stay_transactional(app_ctx):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL-only setting")
    with db.engine.connect() as conn:
        assert conn.execute(text("SHOW jit")).scalar() == "off"
        # The setting is made outside a transaction, then the driver's mode is put back.
        assert conn.connection.dbapi_connection.autocommit is False


def test_timestamps_the_database_fills_are_utc_like_those_the_app_writes(app_ctx):
    # SQLite's CURRENT_TIMESTAMP is UTC; PostgreSQL's now() follows the session's time zone.
    user = make_user("moi")
    db.session.commit()
    db.session.refresh(user)
    assert abs(user.created_at - utcnow()) < timedelta(minutes=1)


@pytest.fixture
def vietnam_time_database():
    """A fresh PostgreSQL database set to Hanoi time, as a server installed in Vietnam is;
    yields its URL and drops it afterwards."""
    url = os.environ.get("LMS_TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("PostgreSQL-only setting")
    url = make_url(url)
    server = url.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"{url.database}_tz_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        conn.execute(f"ALTER DATABASE \"{name}\" SET timezone TO 'Asia/Ho_Chi_Minh'")
    try:
        yield url.set(database=name)
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_postgresql_connections_work_in_utc_whatever_the_database_zone(app,
                                                                       vietnam_time_database):
    engine = create_engine(vietnam_time_database)
    try:
        tables = [Unit.__table__, Cadre.__table__, User.__table__]
        db.metadata.create_all(engine, tables=tables)
        with engine.begin() as conn:
            created_at = conn.execute(insert(User.__table__).values(
                username="moi", display_name="Mới").returning(User.created_at)).scalar()
            zone = conn.execute(text("SHOW timezone")).scalar()
        assert abs(created_at - utcnow()) < timedelta(minutes=1)
        assert zone == "UTC"
    finally:
        engine.dispose()


def test_pages_travel_compressed_to_browsers_that_accept_it(client):
    plain = client.get("/login")
    assert plain.headers.get("Content-Encoding") is None
    packed = client.get("/login", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["Vary"]
    html = gzip.decompress(packed.data).decode()
    assert "Đăng nhập" in html and len(packed.data) < len(plain.data)


def test_downloads_are_not_compressed_again(client, app_ctx):
    org = make_org()
    make_user("org_a", role="organizer", unit=org.ward_a)
    login(client, "org_a")
    response = client.get("/org/import/template/cadres.xlsx",
                          headers={"Accept-Encoding": "gzip, br"})
    assert response.status_code == 200
    assert response.headers.get("Content-Encoding") is None
    assert response.data[:2] == b"PK"  # the workbook itself, a ZIP package
    static = client.get("/static/css/app.css", headers={"Accept-Encoding": "gzip, br"})
    assert static.headers.get("Content-Encoding") is None
    static.close()


def test_pages_are_vietnamese_by_default_and_english_on_request(client):
    assert "Đăng nhập" in client.get("/login").get_data(as_text=True)
    client.get("/lang/en")
    html = client.get("/login").get_data(as_text=True)
    assert '<html lang="en">' in html and "Sign in" in html


def test_language_switch_never_redirects_off_site(client):
    response = client.get("/lang/en", headers={"Referer": "https://evil.example/"})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("url,code,text", [
    ("/no-such-page", 404, "Không tìm thấy trang"),
])
def test_error_pages_are_vietnamese(client, url, code, text):
    response = client.get(url)
    assert response.status_code == code
    assert text in response.get_data(as_text=True)


def test_security_headers(client):
    response = client.get("/login")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]


def test_a_script_sent_with_a_stale_token_is_told_so_in_json_and_a_form_gets_the_page(client):
    refused = client.post("/logout", json={}, headers={"X-CSRFToken": "stale"})
    assert refused.status_code == 400
    assert refused.get_json()["csrf_expired"] is True
    page = client.post("/logout", data={"csrf_token": "stale"})
    assert page.status_code == 400 and "Biểu mẫu đã hết hạn" in page.get_data(as_text=True)


def test_a_fresh_token_from_csrf_token_is_accepted_by_the_next_post(client):
    client.get("/login")  # the session the token belongs to
    fresh = client.get("/csrf-token")
    assert fresh.headers["Cache-Control"] == "private, no-store"
    response = client.post("/logout", headers={"X-CSRFToken": fresh.get_json()["token"]})
    assert response.status_code in (302, 303)


def _slow_page():
    # Stands for a report that runs away: one statement longer than the limit.
    db.session.execute(text("SELECT pg_sleep(0.5)"))
    return "done"


def test_a_web_request_statement_over_the_limit_is_stopped_with_a_clear_message():
    url = os.environ.get("LMS_TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("PostgreSQL-only setting")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "TESTING": True,
                      "WEB_STATEMENT_TIMEOUT_MS": 100})
    app.add_url_rule("/slow-report-for-test", "slow_report_for_test", _slow_page)
    client = app.test_client()
    response = client.get("/slow-report-for-test")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "Trang này cần quá nhiều thời gian" in page
    assert "tải báo cáo về dưới dạng tệp" in page
    answer = client.get("/slow-report-for-test", json={})
    assert answer.status_code == 503 and "thời gian" in answer.get_json()["error"]
    # The worker's connection is usable at once for the next request.
    app.config["WEB_STATEMENT_TIMEOUT_MS"] = 2000
    assert client.get("/slow-report-for-test").get_data(as_text=True) == "done"
    # Outside a request (a queue job, a command) the same statement runs without a limit.
    app.config["WEB_STATEMENT_TIMEOUT_MS"] = 100
    with app.app_context():
        assert db.session.execute(text("SHOW statement_timeout")).scalar() == "0"
        db.session.execute(text("SELECT pg_sleep(0.3)"))
        db.session.remove()
        db.engine.dispose()


def test_postgresql_pool_settings_come_from_the_configuration(monkeypatch):
    url = os.environ.get("LMS_TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("PostgreSQL-only setting")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x",
                      "DATABASE_POOL_SIZE": 3, "DATABASE_MAX_OVERFLOW": 2})
    with app.app_context():
        assert (db.engine.pool.size(), db.engine.pool._max_overflow) == (3, 2)
        db.engine.dispose()


def test_a_connection_left_in_a_transaction_by_another_listener_still_serves(monkeypatch):
    url = os.environ.get("LMS_TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("PostgreSQL-only setting")
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "TESTING": True})

    def leaves_a_transaction(dbapi_connection, _record):
        dbapi_connection.execute("SELECT 1")

    with app.app_context():
        # Connected once (the dialect's first connect ends in a rollback), then anew.
        db.session.execute(text("SELECT 1"))
        db.session.remove()
        db.engine.dispose()
        event.listen(db.engine, "connect", leaves_a_transaction)
        try:
            assert app.test_client().get("/login").status_code == 200
            assert db.session.execute(text("SHOW statement_timeout")).scalar() == "0"
        finally:
            event.remove(db.engine, "connect", leaves_a_transaction)
            db.session.remove()
            db.engine.dispose()
