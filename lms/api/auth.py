"""Bearer tokens for the JSON API: made, checked and revoked here.

Only the SHA-256 of a token is stored, so a copy of the database does not hand out working
tokens; the plain token is shown once, when it is made.
"""

import hashlib
import secrets
from datetime import timedelta
from functools import wraps

from flask import g, jsonify
from flask import request as flask_request
from flask_login import current_user
from sqlalchemy import or_, select, update
from sqlalchemy.orm import joinedload

from lms.api.models import ApiToken
from lms.core.audit import record_audit
from lms.core.clock import utcnow
from lms.extensions import db

# How stale last_used_at may get: writing it on every call would turn each read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_token(token):
    """The stored form of a token: SHA-256 hex (tokens are long and random, so fast is fine)."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user, name=""):
    """Make a token for `user`; return the plain token, which is never stored."""
    token = secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=(name or "").strip()[:100],
                   token_hash=hash_token(token))
    db.session.add(row)
    db.session.flush()
    record_audit(user, "api_token.create", row, name=row.name)
    return token


def revoke_token(token_row, actor):
    """Revoke a token; it answers 401 from now on. Revoking twice changes nothing."""
    if token_row.revoked_at is None:
        token_row.revoked_at = utcnow()
        record_audit(actor, "api_token.revoke", token_row, name=token_row.name,
                     user_id=token_row.user_id)


def find_valid_token(token):
    """The unrevoked token row matching a plain token whose account is active, or None."""
    if not token:
        return None
    row = db.session.scalar(
        select(ApiToken).options(joinedload(ApiToken.user))
        .where(ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None)))
    if row is None or not row.user.is_active:
        return None
    return row


def touch_token(token_row):
    """Record that the token was used, at most once per LAST_USED_RESOLUTION."""
    now = utcnow()
    last = token_row.last_used_at
    if last is not None and now - last < LAST_USED_RESOLUTION:
        return
    # Its own short transaction: this runs in Flask-Login's request loader, and a GET answer
    # commits nothing, yet the use must be recorded (and the request's work must not be
    # committed here). Conditional UPDATE: of two concurrent requests only one writes.
    with db.engine.begin() as connection:
        connection.execute(
            update(ApiToken)
            .where(ApiToken.id == token_row.id,
                   or_(ApiToken.last_used_at.is_(None),
                       ApiToken.last_used_at < now - LAST_USED_RESOLUTION))
            .values(last_used_at=now))


def bearer_token(header):
    """The token of an `Authorization: Bearer <token>` header, or None."""
    scheme, _, token = (header or "").strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token


def unauthorized(message):
    response = jsonify(error=message)
    response.status_code = 401
    response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


def current_api_user():
    """The account whose token authenticated this request (None outside the API)."""
    return g.get("api_user")


def load_user_from_token(request):
    """Flask-Login's request loader: the account of a valid bearer token on an API request.

    Only the API takes tokens, and it takes nothing else: its session loader returns None,
    so a cookie sent along never stands in for a token (the API has no CSRF protection).
    """
    if request.blueprint != "api":
        return None
    row = find_valid_token(bearer_token(request.headers.get("Authorization")))
    if row is None:
        return None
    g.api_user = row.user
    touch_token(row)
    return row.user


def token_required(view):
    """Run the view only with a valid bearer token; its account is the request's user.

    Nothing is written to the session, so no cookie is issued."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_api_user() is None and not current_user.is_authenticated:
            if bearer_token(flask_request.headers.get("Authorization")) is None:
                return unauthorized("Missing bearer token.")
            return unauthorized("Invalid or revoked token.")
        return view(*args, **kwargs)

    return wrapped
