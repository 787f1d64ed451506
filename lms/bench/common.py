"""What the benchmarks share: a fresh database to fill, and how they name it."""

from contextlib import contextmanager

from sqlalchemy import inspect, make_url

from lms import create_app
from lms.extensions import db


class BenchmarkError(Exception):
    """The benchmark cannot run here (message says why)."""


def shown_url(url):
    return make_url(url).render_as_string(hide_password=True)


@contextmanager
def fresh_database(database_url, workdir, name):
    """An app context on an empty schema: a new SQLite file, or the given empty database;
    yields its URL."""
    url = database_url or f"sqlite:///{workdir / name}.sqlite3"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-only"})
    with app.app_context():
        if inspect(db.engine).get_table_names():
            raise BenchmarkError(f"{shown_url(url)} is not empty; give the benchmark an empty "
                                 "database.")
        db.create_all()
        try:
            yield url
        finally:
            db.session.remove()
            # Leave a given database as empty as it was found.
            db.drop_all()
            db.engine.dispose()
