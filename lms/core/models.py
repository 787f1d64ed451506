"""Cross-domain tables: the audit log, and the bytes of stored files (lms/core/file_store.py)."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, LargeBinary, String, func
from sqlalchemy.orm import Mapped, mapped_column

from lms.extensions import db


class AuditLog(db.Model):
    """Who changed what and when, for restructuring, roles and password resets."""

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now(), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(String(60), index=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None]
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


class StoredFileChunk(db.Model):
    """One megabyte (or the last part) of a stored file, when files are kept in the database
    (FILE_STORAGE=database): `area` is what the file is ("media", "jobs"), `name` its stored
    name there, `seq` the chunk's place from 0. Written and read a chunk at a time, so no
    process ever holds a whole export in memory."""

    area: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now(), index=True)
