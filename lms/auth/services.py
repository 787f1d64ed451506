"""Writes on accounts: sign-in bookkeeping, passwords, one-time codes, role grants."""

import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

from lms.auth.models import RoleGrant, User
from lms.core.audit import record_audit
from lms.core.clock import utcnow
from lms.extensions import db

# Letters that cannot be confused on a printed slip (no 0/O, 1/I/L).
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class AuthError(Exception):
    """A refused account operation; str(error) is a user-facing message."""


def authenticate(user, password):
    """True when the password is right; records the sign-in time."""
    if user is None or not user.is_active or not user.check_password(password):
        return False
    user.last_login_at = utcnow()
    db.session.commit()
    return True


def change_password(user, current_password, new_password):
    """Change a password after checking the current one."""
    if not user.check_password(current_password):
        raise AuthError(_l("The current password is not correct."))
    user.set_password(new_password)
    record_audit(user, "user.change_password", user)
    db.session.commit()


def _username_for(cadre):
    return cadre.code.lower()


def account_for_cadre(cadre):
    """The cadre's account, created without a password if she has none yet."""
    user = db.session.query(User).filter_by(cadre_id=cadre.id).one_or_none()
    if user is None:
        user = User(username=_username_for(cadre), display_name=cadre.full_name, cadre=cadre)
        db.session.add(user)
        db.session.flush()
    return user


def issue_one_time_code(cadre, actor, days=14):
    """Give the cadre a fresh one-time code for setting her password; returns the code.

    Issuing a code also blocks the old password, which makes it the organizer's
    password reset as well.
    """
    user = account_for_cadre(cadre)
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
    user.one_time_code_hash = generate_password_hash(code)
    user.one_time_code_expires_at = utcnow() + timedelta(days=days)
    user.password_hash = None
    record_audit(actor, "user.issue_one_time_code", user, cadre=cadre.code)
    return code


def activate_with_code(cadre, code, new_password):
    """First sign-in: check the one-time code and set the cadre's own password."""
    user = db.session.query(User).filter_by(cadre_id=cadre.id).one_or_none()
    valid = (user is not None and user.one_time_code_hash
             and user.one_time_code_expires_at and user.one_time_code_expires_at > utcnow()
             and check_password_hash(user.one_time_code_hash, code.strip().upper()))
    if not valid:
        raise AuthError(_l("The code is wrong or has expired. Ask your organizer for a new one."))
    user.set_password(new_password)
    user.one_time_code_hash = None
    user.one_time_code_expires_at = None
    user.is_active_account = True
    record_audit(user, "user.activate", user)
    db.session.commit()
    return user


def grant_role(user, role, unit, actor):
    """Grant `role` (organizer bound to `unit`); replaces an earlier grant of the same role."""
    existing = user.grant_for(role)
    if existing is not None:
        user.roles.remove(existing)
        db.session.flush()
    user.roles.append(RoleGrant(role=role, unit_id=unit.id if unit else None,
                                granted_by_id=actor.id if actor else None))
    record_audit(actor, "role.grant", user, role=role, unit=unit.code if unit else None)
    db.session.commit()


def revoke_role(grant, actor):
    """Take a role away."""
    record_audit(actor, "role.revoke", grant.user, role=grant.role,
                 unit=grant.unit.code if grant.unit else None)
    db.session.delete(grant)
    db.session.commit()
