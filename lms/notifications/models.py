"""The outbox: one notification per recipient and event, one delivery per channel."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
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


# Kinds a learner may stop receiving by email; the assignment notice always goes.
OPTIONAL_EMAIL_KINDS = ("reminder",)


class EmailPreference(db.Model):
    """A user's choice about optional emails (no row: she receives them)."""

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    reminders_by_email: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
