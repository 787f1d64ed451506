"""Signed-in browsers: one row per session, so that any of them can be ended from the server.

The session cookie holds "<user id>:<token>"; the table holds the token's SHA-256. A copied
cookie therefore stops working as soon as its row is gone: at sign-out, when the password is
changed or reset, and when the account's owner signs out everywhere else.
"""

import hashlib
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select, update

from lms.auth.models import User, UserSession
from lms.core.clock import utcnow
from lms.extensions import db

# last_seen_at is written at most this often, not on every request.
_TOUCH_EVERY = timedelta(days=1)


def token_hash(token):
    """The SHA-256 (hex) kept of a secret token (a session's, a reset link's), never the token."""
    return hashlib.sha256(token.encode()).hexdigest()


def _idle_cutoff():
    return utcnow() - timedelta(days=current_app.config["SESSION_IDLE_DAYS"])


def start_session(user):
    """Open a session for `user` (sets user.session_token) and drop her idle ones."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id,
                                                 UserSession.last_seen_at < _idle_cutoff()))
    token = secrets.token_urlsafe(32)
    db.session.add(UserSession(user_id=user.id, token_hash=token_hash(token)))
    db.session.flush()
    user.session_token = token
    return token


def get_user_for_session(session_id):
    """The active account whose live session the cookie names, or None."""
    user_id, _, token = (session_id or "").partition(":")
    if not user_id.isdigit() or not token:
        return None
    hashed = token_hash(token)
    row = db.session.execute(
        select(User, UserSession.last_seen_at)
        .join(UserSession, UserSession.user_id == User.id)
        .where(User.id == int(user_id), UserSession.token_hash == hashed,
               UserSession.last_seen_at >= _idle_cutoff())).first()
    if row is None or not row[0].is_active:
        return None
    user, last_seen_at = row
    if last_seen_at < utcnow() - _TOUCH_EVERY:
        # Its own short transaction: a GET page never commits the request's session.
        with db.engine.begin() as connection:
            connection.execute(update(UserSession).where(UserSession.token_hash == hashed)
                               .values(last_seen_at=utcnow()))
    user.session_token = token
    return user


def end_session(user):
    """Sign this browser out (the one `user` was loaded for)."""
    if user.session_token:
        db.session.execute(delete(UserSession)
                           .where(UserSession.token_hash == token_hash(user.session_token)))


def end_other_sessions(user):
    """Sign every other browser of the account out; this one stays signed in."""
    query = delete(UserSession).where(UserSession.user_id == user.id)
    if user.session_token:
        query = query.where(UserSession.token_hash != token_hash(user.session_token))
    db.session.execute(query)


def end_all_sessions(user):
    """Sign every browser of the account out (a reset by an organizer or an admin)."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))


def count_other_sessions(user):
    """How many other browsers are signed in to the account."""
    query = select(func.count()).select_from(UserSession).where(
        UserSession.user_id == user.id, UserSession.last_seen_at >= _idle_cutoff())
    if user.session_token:
        query = query.where(UserSession.token_hash != token_hash(user.session_token))
    return db.session.scalar(query)
