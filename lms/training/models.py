"""In-person training sessions and their attendance; they count toward the indicators like
online course completions."""

from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Numeric,
    String,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.catalog.course_files.format import TRACKS
from lms.extensions import db
from lms.org.models import Cadre, Unit


class TrainingSession(db.Model):
    """A workshop held on one day by one unit; `code` makes attendance imports idempotent."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    track: Mapped[str] = mapped_column(String(20))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    hours: Mapped[Decimal] = mapped_column(Numeric(5, 1))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    # QR check-in on the day: a new secret each time it opens, so that closing it (or opening
    # it again) makes every code shown before worthless.
    checkin_secret: Mapped[str | None] = mapped_column(String(64))
    checkin_opened_at: Mapped[datetime | None] = mapped_column(DateTime)
    checkin_closed_at: Mapped[datetime | None] = mapped_column(DateTime)

    unit: Mapped[Unit] = relationship()

    __table_args__ = (
        CheckConstraint("track IN ('" + "', '".join(TRACKS) + "')", name="track"),
    )


# How an attendance was recorded: ticked by an organizer, imported from a file, or scanned.
ATTENDANCE_SOURCES = ("hand", "import", "qr")
ATTENDANCE_SOURCE_LABELS = {"hand": _l("Added by hand"), "import": _l("Imported"),
                            "qr": _l("QR scan")}


class Attendance(db.Model):
    """A cadre attended a session (one row per attendee)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id"))
    cadre_id: Mapped[int] = mapped_column(ForeignKey("cadre.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    source: Mapped[str] = mapped_column(String(10), default="hand", server_default="hand")

    session: Mapped[TrainingSession] = relationship()
    cadre: Mapped[Cadre] = relationship()

    __table_args__ = (
        UniqueConstraint("session_id", "cadre_id"),
        CheckConstraint("source IN ('" + "', '".join(ATTENDANCE_SOURCES) + "')", name="source"),
        Index("ix_attendance_cadre", "cadre_id", "session_id"),
    )
