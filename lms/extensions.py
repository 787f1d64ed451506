"""Flask extensions, created unbound and initialised in create_app()."""

import os

from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage
from redis import ConnectionPool
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from lms.core.cache import VersionedCache

# Named constraints let Alembic drop and alter them, also in SQLite batch mode.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
# The indicator figures and other results recomputed only when their input tables change.
result_cache = VersionedCache()
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)
# Pages and JSON travel compressed for cadres on 3G (a city's dashboard: ~230 KB of HTML,
# ~12 KB sent). Files sent from disk are not (see COMPRESS_STREAMS in config.py).
compress = Compress()


class TaskQueue(Huey):
    """Huey, made unbound like the other extensions and pointed at its storage in init_app.

    TASK_QUEUE_URL redis://... uses Redis; sqlite:///path uses Huey's SQLite storage (the
    default, no Redis needed). Until init_app it holds tasks in memory.
    """

    def __init__(self):
        super().__init__("lms", results=False, utc=True, storage_class=MemoryStorage)
        self.app = None

    def init_app(self, app):
        self.app = app
        self.configure(app.config["TASK_QUEUE_URL"], app.config["TASK_QUEUE_IMMEDIATE"])

    def configure(self, url, immediate=False):
        """Point the queue at the storage `url` names; immediate runs tasks in the caller."""
        if url.startswith(("redis://", "rediss://", "unix://")):
            # A Redis host that stops answering fails a page's enqueue in 2 s (the job kept,
            # the user told), instead of holding the worker process.
            pool = ConnectionPool.from_url(url, socket_connect_timeout=2)
            self.storage_class, self.storage_kwargs = RedisStorage, {"connection_pool": pool}
        elif url.startswith("sqlite:///"):
            filename = url.removeprefix("sqlite:///")
            os.makedirs(os.path.dirname(filename) or ".", exist_ok=True)
            self.storage_class, self.storage_kwargs = SqliteStorage, {"filename": filename}
        else:
            raise ValueError(f"LMS_TASK_QUEUE_URL must be redis://... or sqlite:///...: {url}")
        self._immediate = immediate
        self.storage = self.create_storage()

    def app_context(self):
        """An app context of the bound app, for a task run by a consumer."""
        return self.app.app_context()


task_queue = TaskQueue()
