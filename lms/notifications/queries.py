"""Reads for notifications: a user's list, the bell's unread count, the email choices and
the admin's settings."""

from sqlalchemy import func, select, true

from lms.auth.models import User
from lms.extensions import db
from lms.notifications.kinds import KINDS
from lms.notifications.models import (
    EmailChoice,
    Notification,
    NotificationKindSetting,
    NotificationSettings,
)


def get_notifications_query(user_id):
    """The user's notifications, newest first (to paginate)."""
    return (select(Notification).where(Notification.user_id == user_id)
            .order_by(Notification.created_at.desc(), Notification.id.desc()))


def count_unread(user_id):
    """How many of the user's notifications she has not opened: the bell's number."""
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)))


def wants_email(kind):
    """A SQL condition on User: she wants this kind's notifications by email.

    Her own choice when she made one; otherwise yes, except for a new kind introduced after
    her account was created and not (yet) switched on by an admin. Correlated subqueries, so
    one INSERT ... SELECT plans the email of a kind for any number of users at once.
    """
    if not KINDS[kind].optional_email:
        return true()
    chose = select(EmailChoice.by_email).where(
        EmailChoice.user_id == User.id, EmailChoice.kind == kind).scalar_subquery()
    if not KINDS[kind].is_new:
        return func.coalesce(chose, True).is_(True)
    # No setting row (a database built without the migrations): no account predates the kind.
    held_back = select(NotificationKindSetting.kind).where(
        NotificationKindSetting.kind == kind, NotificationKindSetting.switched_on_at.is_(None),
        NotificationKindSetting.introduced_at > User.created_at).exists()
    return func.coalesce(chose, ~held_back).is_(True)


def get_email_choices(user_id, kinds):
    """{kind: whether the user gets it by email now} for the named kinds (one statement,
    the same condition as the email channel's)."""
    if not kinds:
        return {}
    row = db.session.execute(select(*[wants_email(kind).label(kind) for kind in kinds])
                             .where(User.id == user_id)).one()
    return {kind: bool(value) for kind, value in zip(kinds, row, strict=True)}


def get_user(user_id):
    """The account, or None."""
    return db.session.get(User, user_id)


def get_notification_settings():
    """The one settings row, or an unsaved one with the defaults."""
    settings = db.session.scalar(select(NotificationSettings).order_by(NotificationSettings.id))
    if settings is None:
        settings = NotificationSettings()
        for column in NotificationSettings.__table__.columns:
            if column.default is not None:
                setattr(settings, column.key, column.default.arg)
    return settings


def get_kind_settings():
    """{kind: NotificationKindSetting} of the new kinds that have one."""
    return {row.kind: row for row in db.session.scalars(select(NotificationKindSetting))}


def get_kind_switchers(settings):
    """{user id: display name} of the admins who switched the kinds on."""
    ids = {row.switched_on_by_id for row in settings.values() if row.switched_on_by_id}
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.display_name)
                                   .where(User.id.in_(ids))).all())
