"""The outbox: one notification per recipient and event, one delivery per channel."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.auth.models import User
from lms.extensions import db

DELIVERY_STATUSES = ("pending", "sent", "failed")


class Notification(db.Model):
    """A message to one user, written in the transaction of the event that causes it.

    `dedupe_key` names the event (e.g. "due:<enrollment>:<due date>:7d"): unique per
    recipient, so a reminder is written once however many workers or retries write it.
    Subject and body are rendered at write time in the recipient's language.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[str] = mapped_column(String(30))
    dedupe_key: Mapped[str] = mapped_column(String(120))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    read_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()

    __table_args__ = (
        UniqueConstraint("user_id", "dedupe_key"),
        # The bell's unread count and the page, newest first.
        Index("ix_notification_user_read", "user_id", "read_at"),
        Index("ix_notification_created_at", "created_at"),
    )


class NotificationDelivery(db.Model):
    """One channel's attempt to deliver a notification, kept for the audit."""

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notification.id"))
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(500))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)

    notification: Mapped[Notification] = relationship()

    __table_args__ = (
        UniqueConstraint("notification_id", "channel"),
        Index("ix_notification_delivery_pending", "channel", "status"),
    )


class EmailChoice(db.Model):
    """A user's own choice about one optional kind's email (no row: the kind's default, see
    lms/notifications/kinds.py). Written only when she changes it on her settings page."""

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    by_email: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class NotificationKindSetting(db.Model):
    """A kind introduced after accounts existed: when (accounts older than that do not get its
    email by default), and whether an admin then turned its email on for everyone."""

    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    introduced_at: Mapped[datetime] = mapped_column(DateTime)
    switched_on_at: Mapped[datetime | None] = mapped_column(DateTime)
    switched_on_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


# The organizers' digest goes out on Monday at 07:00 Vietnam time until an admin sets another.
DEFAULT_DIGEST_WEEKDAY = 0
DEFAULT_DIGEST_HOUR = 7


class NotificationSettings(db.Model):
    """The admin's notification settings (one row; the defaults when absent): the day of the
    week (0 = Monday) and the hour, Vietnam time, of the organizers' weekly digest."""

    id: Mapped[int] = mapped_column(primary_key=True)
    digest_weekday: Mapped[int] = mapped_column(Integer, default=DEFAULT_DIGEST_WEEKDAY)
    digest_hour: Mapped[int] = mapped_column(Integer, default=DEFAULT_DIGEST_HOUR)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime)


class DigestSnapshot(db.Model):
    """A unit's annual_training figure as one week's digest told it, to say the next week how
    it changed. `week` is the ISO week of the digest, "2026-W49"; `year` the report period."""

    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), primary_key=True)
    week: Mapped[str] = mapped_column(String(8), primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    numerator: Mapped[int] = mapped_column(Integer)
    denominator: Mapped[int] = mapped_column(Integer)
    percent: Mapped[Decimal | None] = mapped_column(Numeric(5, 1))
    created_at: Mapped[datetime] = mapped_column(DateTime)
