"""Reads for notifications: a user's list and the bell's unread count."""

from sqlalchemy import func, select

from lms.extensions import db
from lms.notifications.models import EmailPreference, Notification


def get_notifications_query(user_id):
    """The user's notifications, newest first (to paginate)."""
    return (select(Notification).where(Notification.user_id == user_id)
            .order_by(Notification.created_at.desc(), Notification.id.desc()))


def count_unread(user_id):
    """How many of the user's notifications she has not opened: the bell's number."""
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)))


def wants_email_reminders(user_id):
    """Whether the user receives reminders by email (yes unless she turned them off)."""
    return db.session.scalar(select(EmailPreference.reminders_by_email).where(
        EmailPreference.user_id == user_id)) is not False
