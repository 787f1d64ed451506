"""Accounts, their signed-in browsers and role grants."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.auth.passwords import hash_password, verify_password
from lms.core.clock import utcnow
from lms.extensions import db
from lms.org.models import Cadre, Unit

ROLES = ("trainer", "organizer", "admin")
ROLE_LABELS = {
    "cadre": _l("Learner"),
    "trainer": _l("Trainer"),
    "organizer": _l("Organizer"),
    "admin": _l("Administrator"),
}


class User(UserMixin, db.Model):
    """A sign-in account. Cadres get one when they first sign in with a one-time code."""

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    cadre_id: Mapped[int | None] = mapped_column(ForeignKey("cadre.id"), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    is_active_account: Mapped[bool] = mapped_column(Boolean, default=True)
    # Hash of the one-time code an organizer hands to a cadre for her first sign-in.
    one_time_code_hash: Mapped[str | None] = mapped_column(String(255))
    one_time_code_expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)

    cadre: Mapped[Cadre | None] = relationship()
    roles: Mapped[list["RoleGrant"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin",
        foreign_keys="RoleGrant.user_id",
    )

    # The raw token of the browser session this object was loaded for (never stored).
    session_token = None

    @property
    def is_active(self):
        return self.is_active_account

    def get_id(self):
        # Flask-Login keeps this in the session cookie: the account and its browser session,
        # so that ending the session (sign-out, password change) makes every copy worthless.
        return f"{self.id}:{self.session_token}" if self.session_token else None

    def set_password(self, password):
        self.password_hash = hash_password(password)

    def check_password(self, password):
        """True when `password` is right; spends the same work when there is no password."""
        return verify_password(self.password_hash, password)

    def has_role(self, role):
        return any(grant.role == role for grant in self.roles)

    @property
    def is_admin(self):
        return self.has_role("admin")

    # What the menu may offer; lms/auth/decorators.py lets in the same people.
    @property
    def can_organize(self):
        return self.has_role("organizer") or self.is_admin

    @property
    def can_author(self):
        return self.has_role("trainer") or self.is_admin

    @property
    def can_learn(self):
        return self.cadre_id is not None

    def grant_for(self, role):
        return next((grant for grant in self.roles if grant.role == role), None)

    def __repr__(self):
        return f"<User {self.username}>"


class RoleGrant(db.Model):
    """A role held by a user; organizer grants are bound to the root of their scope."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    granted_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    user: Mapped[User] = relationship(back_populates="roles", foreign_keys=[user_id])
    unit: Mapped[Unit | None] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("user_id", "role"),)


class UserSession(db.Model):
    """One signed-in browser of an account; deleting the row signs that browser out."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    # SHA-256 of the token in the browser's session cookie, so a copy of the table signs no one in.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class PasswordReset(db.Model):
    """A link emailed to reset a forgotten password. Only the SHA-256 of its token is kept;
    it works once (`used_at`), until `expires_at`, and only while it is the account's latest
    (a newer request sets `superseded_at` on the older ones)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()
