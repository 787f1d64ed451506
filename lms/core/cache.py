"""Results that cost a lot to compute and change only when their inputs are written (the
indicator figures of the city), kept under a version number per namespace.

A namespace names the tables its results are computed from (`watch`). Every statement that
writes one of those tables, through the ORM or as Core or raw SQL on any connection, marks
its connection; when that connection commits, the namespace's version goes up, and results
stored under an older version are never read again (they expire after CACHE_TTL_S). The
version is read before computing, so a result computed while a write commits is stored
under the old version and is never served after it.

Where the version lives (CACHE_URL): `redis://...`, shared by every process and server;
`memory://`, this process only (the demo and the tests, one process); `none`, no caching.
If Redis cannot be reached, results are computed as if there were no cache.
"""

import hashlib
import json
import logging
import re
import threading
import time

import redis
from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

# namespace -> names of the tables its results are computed from
WATCHED = {}
_CHANGED = "lms_cache_changed"
# Raw SQL that writes a table: INSERT INTO t, UPDATE t, DELETE FROM t (quoted or not).
_RAW_WRITE = re.compile(r'^\s*(?:insert\s+into|update|delete\s+from)\s+"?(\w+)"?', re.I)


def watch(namespace, tables):
    """Declare that the results of `namespace` are computed from `tables` (names)."""
    WATCHED[namespace] = frozenset(tables)


def _written_table(clause):
    """The table name a statement writes, or None."""
    if getattr(clause, "is_dml", False):
        table = getattr(clause, "table", None)
        return getattr(table, "name", None)
    text = getattr(clause, "text", None)
    if isinstance(text, str):
        found = _RAW_WRITE.match(text)
        return found.group(1).lower() if found else None
    return None


@event.listens_for(Engine, "after_execute")
def _note_write(conn, clause, _multiparams, _params, _options, _result):
    table = _written_table(clause)
    if table is None:
        return
    changed = {name for name, tables in WATCHED.items() if table in tables}
    if changed:
        conn.info.setdefault(_CHANGED, set()).update(changed)


@event.listens_for(Engine, "commit")
def _raise_versions(conn):
    changed = conn.info.pop(_CHANGED, None)
    if changed and has_app_context():
        cache = current_app.extensions.get("lms_cache")
        if cache is not None:
            for namespace in changed:
                cache.bump(namespace)


@event.listens_for(Engine, "rollback")
def _forget_writes(conn):
    conn.info.pop(_CHANGED, None)


class _MemoryStore:
    """A dict with expiry, for one process."""

    def __init__(self):
        self._values = {}
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            value, expires = self._values.get(key, (None, 0))
            return value if expires > time.monotonic() else None

    def set(self, key, value, ttl):
        with self._lock:
            self._values[key] = (value, time.monotonic() + ttl)
            if len(self._values) > 10_000:
                now = time.monotonic()
                self._values = {k: v for k, v in self._values.items() if v[1] > now}

    def incr(self, key):
        with self._lock:
            value = int(self._values.get(key, (0, 0))[0] or 0) + 1
            self._values[key] = (value, float("inf"))
            return value

    def version(self, key):
        with self._lock:
            return int(self._values.get(key, (0, 0))[0] or 0)


class _RedisStore:
    def __init__(self, url):
        # Short timeouts: an unreachable Redis must cost a page little more than no cache.
        self._redis = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)

    def get(self, key):
        return self._redis.get(key)

    def set(self, key, value, ttl):
        self._redis.set(key, value, ex=ttl)

    def incr(self, key):
        return self._redis.incr(key)

    def version(self, key):
        return int(self._redis.get(key) or 0)


# After Redis fails, how long the cache is left alone before it is tried again: a Redis that
# does not answer must not cost every request its timeout.
RETRY_AFTER_S = 10


class VersionedCache:
    """The app's cache of computed results (an extension: init_app reads CACHE_URL)."""

    def __init__(self):
        self._store = None
        self._ttl = 600
        self._down_until = 0.0

    def _usable(self):
        return self._store is not None and time.monotonic() >= self._down_until

    def _failed(self, what, error):
        self._down_until = time.monotonic() + RETRY_AFTER_S
        log.warning("cache unreachable, %s: %s", what, error)

    def init_app(self, app):
        url = app.config.get("CACHE_URL") or "none"
        if url.startswith(("redis://", "rediss://", "unix://")):
            self._store = _RedisStore(url)
        elif url == "memory://":
            self._store = _MemoryStore()
        else:
            self._store = None
        self._ttl = int(app.config.get("CACHE_TTL_S", 600))
        app.extensions["lms_cache"] = self

    @property
    def enabled(self):
        return self._store is not None

    def version(self, namespace):
        """The namespace's version, or None when there is no usable cache."""
        if not self._usable():
            return None
        try:
            return self._store.version(f"lms:v:{namespace}")
        except redis.RedisError as error:
            self._failed("computing without it", error)
            return None

    def bump(self, namespace):
        # Tried even while the cache is thought down: a missed bump is the one failure that
        # can leave old results readable (until they expire, CACHE_TTL_S).
        if self._store is None:
            return
        try:
            self._store.incr(f"lms:v:{namespace}")
        except redis.RedisError as error:
            self._failed(f"{namespace} not invalidated", error)

    def get_or_compute(self, namespace, key_parts, compute, dumps=json.dumps,
                       loads=json.loads):
        """compute(), or the result stored for `key_parts` under the namespace's current
        version; dumps/loads turn the result into bytes or text and back."""
        version = self.version(namespace)
        if version is None:
            return compute()
        digest = hashlib.sha1(repr(key_parts).encode()).hexdigest()
        key = f"lms:{namespace}:{version}:{digest}"
        try:
            stored = self._store.get(key)
        except redis.RedisError as error:
            self._failed("computing without it", error)
            return compute()
        if stored is not None:
            return loads(stored)
        value = compute()
        try:
            self._store.set(key, dumps(value), self._ttl)
        except redis.RedisError as error:
            self._failed("result not kept", error)
        return value
