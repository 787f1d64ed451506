"""The committed migrations build exactly the schema the models describe, on both engines."""

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from config import TestConfig
from lms import create_app
from lms.extensions import db


@pytest.fixture
def empty_database_url(tmp_path):
    """A database no other test touches: a new SQLite file, or a scratch PostgreSQL database."""
    base = os.environ.get("LMS_TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path}/migrations.sqlite3"
        return
    url = make_url(base)
    scratch = f"{url.database}_migrations"
    server = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{scratch}"'))
    yield url.set(database=scratch).render_as_string(hide_password=False)
    with server.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
    server.dispose()


def test_migrations_match_models_and_downgrade_cleanly(empty_database_url):
    settings = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    app = create_app({**settings, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts={
                "compare_type": True, "render_as_batch": True}), db.metadata)
        assert diff == [], f"models and migrations disagree: {diff}"
        downgrade(revision="base")
        tables = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert tables == set()
        db.engine.dispose()
