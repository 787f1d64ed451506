"""Files that every app server and queue worker must see: course media, the files jobs write
(exports, ZIPs of certificates) and the uploads they read (imports).

FILE_STORAGE says where their bytes are kept:
- "folder" (the default): in the local folders only (MEDIA_FOLDER, JOB_FILES_FOLDER). Right
  for one machine, or for several that all mount the same folders (NFS).
- "database": in the database too, in chunks (StoredFileChunk), written in the transaction
  that records the file, so a rolled-back upload or a failed job leaves none. Each machine's
  folder is then only a cache, filled on first read: servers that share nothing but the
  database see every file.
"""

import os
import secrets
from contextlib import contextmanager

from flask import current_app
from sqlalchemy import delete, func, insert, select

from lms.core.models import StoredFileChunk
from lms.extensions import db

CHUNK_BYTES = 1024 * 1024
STORAGES = ("folder", "database")


def in_database():
    """Whether files are kept in the database (FILE_STORAGE=database)."""
    return current_app.config.get("FILE_STORAGE", "folder") == "database"


def store_bytes(area, name, data):
    """Keep `data` as the file `name` of `area` in the database, in the session's
    transaction."""
    chunks = [data[i:i + CHUNK_BYTES] for i in range(0, len(data), CHUNK_BYTES)] or [b""]
    for seq, chunk in enumerate(chunks):
        _insert(area, name, seq, chunk)


def store_file(area, name, path):
    """Keep the file at `path` as `name` of `area` in the database, reading it a chunk at a
    time, in the session's transaction."""
    with open(path, "rb") as source:
        seq = 0
        while (chunk := source.read(CHUNK_BYTES)) or seq == 0:
            _insert(area, name, seq, chunk)
            seq += 1
            if len(chunk) < CHUNK_BYTES:
                break


def _insert(area, name, seq, chunk):
    # Not a reason to flush the row the file belongs to, which may wait for its stored name.
    with db.session.no_autoflush:
        db.session.execute(insert(StoredFileChunk).values(area=area, name=name, seq=seq,
                                                          data=chunk))


def is_stored(area, name):
    """Whether the database holds the file `name` of `area`."""
    return db.session.scalar(select(func.count()).where(
        StoredFileChunk.area == area, StoredFileChunk.name == name,
        StoredFileChunk.seq == 0)) > 0


def forget(area, name):
    """Delete the file `name` of `area` from the database, in the session's transaction."""
    db.session.execute(delete(StoredFileChunk).where(
        StoredFileChunk.area == area, StoredFileChunk.name == name))


def chunks(area, name):
    """The bytes of the stored file, a chunk (one query) at a time."""
    seq = 0
    while (chunk := db.session.scalar(select(StoredFileChunk.data).where(
            StoredFileChunk.area == area, StoredFileChunk.name == name,
            StoredFileChunk.seq == seq))) is not None:
        yield chunk
        seq += 1


def local_path(area, name, path):
    """`path` once it holds the file: as it is when the file is there, else copied from the
    database (in database storage); None when neither has it. The copy takes its name only
    once written in full, so a reader beside it never sees half a file."""
    if os.path.isfile(path):
        return path
    if not in_database() or not is_stored(area, name):
        return None
    os.makedirs(os.path.dirname(path), exist_ok=True)
    partial = f"{path}.{secrets.token_hex(4)}.part"
    try:
        with open(partial, "wb") as target:
            for chunk in chunks(area, name):
                target.write(chunk)
        os.replace(partial, path)
    finally:
        if os.path.exists(partial):
            os.remove(partial)
    return path


@contextmanager
def reading_copy(area, name, path):
    """Yield `path` holding the file, copied from the database for the time of the block
    when this machine did not have it (then removed after); None when none has it."""
    had_it = os.path.isfile(path)
    found = local_path(area, name, path)
    try:
        yield found
    finally:
        if found and not had_it:
            os.remove(found)


def forget_older_than(area, cutoff):
    """Delete the files of `area` stored before `cutoff` (naive UTC); return how many."""
    # By the first chunk's time, so that a file goes whole.
    old = list(db.session.scalars(select(StoredFileChunk.name).where(
        StoredFileChunk.area == area, StoredFileChunk.seq == 0,
        StoredFileChunk.created_at < cutoff)))
    if old:
        db.session.execute(delete(StoredFileChunk).where(
            StoredFileChunk.area == area, StoredFileChunk.name.in_(old))
            .execution_options(synchronize_session=False))
    return len(old)
