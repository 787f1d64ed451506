"""The benchmarks' own database on PostgreSQL runs: they need an empty one."""

import os

import psycopg
import pytest
from sqlalchemy.engine import make_url


@pytest.fixture
def bench_database_url():
    """None on SQLite (a benchmark makes its own file); on PostgreSQL the URL of an empty
    database beside the test database (`<test database>_bench`), created on first use."""
    url = os.environ.get("LMS_TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        return None
    parsed = make_url(url)
    name = f"{parsed.database}_bench"
    server = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(server, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                        (name,)).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')
    bench = parsed.set(database=name)
    # Empty, even after a run that was interrupted before the benchmark dropped its tables.
    with psycopg.connect(bench.set(drivername="postgresql").render_as_string(
            hide_password=False), autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")
    return bench.render_as_string(hide_password=False)


@pytest.fixture
def database_args(bench_database_url):
    """The benchmark's --database-url option on PostgreSQL runs, nothing on SQLite."""
    return ["--database-url", bench_database_url] if bench_database_url else []
