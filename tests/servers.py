"""Another app server beside the suite's: the same database, settings of its own (its own
folders, a Redis that does not answer), as on a deployment of several machines."""

from contextlib import contextmanager

from config import TestConfig
from lms import create_app
from lms.extensions import db, limiter, result_cache, task_queue

# A port where no Redis listens: every connection is refused.
UNREACHABLE_REDIS = "redis://127.0.0.1:6390/0"


@contextmanager
def another_server(app, folder, **settings):
    """An app on `app`'s database with its files under `folder` and `settings`."""
    from tests.conftest import FreshContextClient, _config_dict

    server = create_app({**_config_dict(TestConfig),
                         "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                         "MEDIA_FOLDER": str(folder / "uploads"),
                         "JOB_FILES_FOLDER": str(folder / "job_files"), **settings})
    server.test_client_class = FreshContextClient
    try:
        yield server
    finally:
        with server.app_context():
            db.engine.dispose()
        # The extensions are one object each, bound to the last app: back to the suite's.
        limiter.init_app(app)
        limiter._storage_dead = False  # its in-memory fallback is for that other Redis only
        result_cache.init_app(app)
        task_queue.init_app(app)
