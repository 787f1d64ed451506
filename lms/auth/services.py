"""Writes on accounts: sign-in bookkeeping, passwords, one-time codes, role grants."""

import re
import secrets
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from lms.auth.models import PasswordReset, RoleGrant, User
from lms.auth.passwords import hash_password, needs_rehash, verify_password
from lms.auth.queries import (
    find_user_by_login,
    get_manageable_user_ids,
    get_password_reset,
    may_manage_account,
)
from lms.auth.sessions import end_all_sessions, end_other_sessions, start_session, token_hash
from lms.core.audit import record_audit
from lms.core.clock import utcnow
from lms.core.errors import DomainError
from lms.extensions import db
from lms.org.queries import get_unit_by_code
from lms.org.scope import is_unit_in_scope, scope_root_id

# Letters that cannot be confused on a printed slip (no 0/O, 1/I/L).
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# What people type between the groups of a code read off a slip: "KF9S WZGQ", "KF9S-WZGQ".
_CODE_SEPARATORS = re.compile(r"[\s\-‐‑‒–—_.·]+")


def normalise_code(typed):
    """A one-time code as typed, in the form it was issued: upper case, without the spaces,
    dashes or dots people put between its groups ("kf9s-wzgq " -> "KF9SWZGQ")."""
    return _CODE_SEPARATORS.sub("", typed or "").upper()


class AuthError(DomainError):
    """A refused account operation; str(error) is a user-facing message, `field` the form
    field it belongs to (None for the whole form)."""


def authenticate(user, password):
    """True when the password is right; records the sign-in time.

    An unknown name or an account without a password costs one password check too, so the
    answer's timing does not tell which names exist.
    """
    if user is None:
        verify_password(None, password)
        return False
    if not user.check_password(password) or not user.is_active:
        return False
    if needs_rehash(user.password_hash):
        # The password is known only now: a hash of an older method or weaker parameters is
        # replaced by the configured one, committed with the sign-in time.
        user.set_password(password)
    user.last_login_at = utcnow()
    return True


def sign_in(user, password):
    """Check the password and open a browser session for the account; returns it."""
    if not authenticate(user, password):
        raise AuthError(_l("Wrong sign-in name or password."), field="password")
    start_session(user)
    return user


def change_password(user, current_password, new_password):
    """Change a password after checking the current one; every other browser is signed out."""
    if not user.check_password(current_password):
        raise AuthError(_l("The current password is not correct."), field="current_password")
    user.set_password(new_password)
    end_other_sessions(user)
    record_audit(user, "user.change_password", user)


def sign_out_everywhere_else(user):
    """End every session of the account but this browser's."""
    end_other_sessions(user)
    record_audit(user, "user.sign_out_elsewhere", user)


def _username_for(cadre):
    return cadre.code.lower()


def _account_of(cadre):
    return db.session.scalar(select(User).where(User.cadre_id == cadre.id))


def account_for_cadre(cadre):
    """The cadre's account, created without a password if she has none yet."""
    user = _account_of(cadre)
    if user is None:
        user = User(username=_username_for(cadre), display_name=cadre.full_name, cadre=cadre)
        db.session.add(user)
        db.session.flush()
    return user


_OUT_OF_REACH = _l("This account holds a role at your level or above (or outside your "
                   "units): only the level above you or an administrator can reset it.")


def issue_one_time_code(cadre, actor, days=14):
    """Give the cadre a fresh one-time code for setting her password; returns the code.

    Issuing a code also blocks the old password and signs every browser out, which makes
    it the organizer's password reset as well. `actor` None is the command line.
    """
    existing = _account_of(cadre)
    if existing is not None and actor is not None and not may_manage_account(actor, existing.id):
        raise AuthError(_OUT_OF_REACH)
    user = existing or account_for_cadre(cadre)
    code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
    user.one_time_code_hash = hash_password(code)
    user.one_time_code_expires_at = utcnow() + timedelta(days=days)
    user.password_hash = None
    end_all_sessions(user)
    record_audit(actor, "user.issue_one_time_code", user, cadre=cadre.code)
    return code


def issue_codes_for_cadres(cadres, actor, days=14):
    """Codes for each of `cadres` whose account `actor` may reset.

    Returns ([(cadre, code)], number of cadres skipped because their account is out of reach).
    """
    accounts = dict(db.session.execute(
        select(User.cadre_id, User.id).where(User.cadre_id.in_([c.id for c in cadres]))).all())
    manageable = get_manageable_user_ids(actor, accounts.values())
    allowed = [c for c in cadres if c.id not in accounts or accounts[c.id] in manageable]
    slips = [(cadre, issue_one_time_code(cadre, actor, days=days)) for cadre in allowed]
    return slips, len(cadres) - len(allowed)


def activate_with_code(cadre, code, new_password):
    """First sign-in: check the one-time code and set the cadre's own password.

    `cadre` None (a name that matches no one) is refused after the same work.
    """
    user = _account_of(cadre) if cadre is not None else None
    live = (user is not None and user.one_time_code_hash and user.one_time_code_expires_at
            and user.one_time_code_expires_at > utcnow())
    matches = verify_password(user.one_time_code_hash if live else None, normalise_code(code))
    if not (live and matches):
        raise AuthError(_l("The code is wrong or has expired. Ask your organizer for a new one."),
                        field="one_time_code")
    user.set_password(new_password)
    user.one_time_code_hash = None
    user.one_time_code_expires_at = None
    user.is_active_account = True
    end_all_sessions(user)
    start_session(user)
    record_audit(user, "user.activate", user)
    return user


# A reset link works this long after it is sent.
RESET_LINK_HOURS = 1


def issue_password_reset(user, now=None):
    """A new reset link's token for the account (only its hash is stored); every earlier
    link of the account stops working. The caller sends the token by email."""
    now = now or utcnow()
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == user.id, PasswordReset.used_at.is_(None),
               PasswordReset.superseded_at.is_(None))
        .values(superseded_at=now).execution_options(synchronize_session=False))
    token = secrets.token_urlsafe(32)
    db.session.add(PasswordReset(user_id=user.id, token_hash=token_hash(token), created_at=now,
                                 expires_at=now + timedelta(hours=RESET_LINK_HOURS)))
    record_audit(None, "user.password_reset_sent", user)
    return token


def check_password_reset(token, now=None):
    """The live PasswordReset of a link's token; AuthError saying why a link is refused
    (unknown, used, superseded by a newer one, expired)."""
    now = now or utcnow()
    reset = get_password_reset(token)
    if reset is None:
        raise AuthError(_l("This link is not valid. Check that it was copied whole, or ask "
                           "for a new one."))
    if reset.used_at is not None:
        raise AuthError(_l("This link has been used already: a link works only once. Sign in "
                           "with your new password, or ask for a new link."))
    if reset.superseded_at is not None:
        raise AuthError(_l("A newer link was sent after this one: use the link in the latest "
                           "email."))
    if reset.expires_at <= now or not reset.user.is_active:
        raise AuthError(_l("This link has expired: a link works for %(hours)s hour. Ask for "
                           "a new one.", hours=RESET_LINK_HOURS))
    return reset


def reset_password(token, new_password, now=None):
    """Set a new password through a reset link, once: the link is spent, a pending one-time
    code is void and every browser of the account is signed out. Returns the account."""
    now = now or utcnow()
    reset = check_password_reset(token, now)
    user = reset.user
    user.set_password(new_password)
    user.one_time_code_hash = None
    user.one_time_code_expires_at = None
    reset.used_at = now
    end_all_sessions(user)
    record_audit(user, "user.password_reset", user)
    return user


def _check_grant_allowed(user, role, unit, actor):
    if actor is None or actor.is_admin:
        return
    if role != "organizer":
        raise AuthError(_l("Only an administrator can grant this role."), field="role")
    if not may_manage_account(actor, user.id):
        raise AuthError(_OUT_OF_REACH, field="username")
    root_id = actor.grant_for("organizer").unit_id
    if unit is None or unit.id == root_id or not is_unit_in_scope(root_id, unit.id):
        raise AuthError(_l("Enter the code of a unit below your own."), field="unit_code")


def grant_role(user, role, unit, actor):
    """Grant `role` (organizer bound to `unit`); replaces an earlier grant of the same role.

    An organizer grants only the organizer role, on a unit below her own, to an account
    she manages (see get_manageable_user_ids); `actor` None is the command line.
    """
    _check_grant_allowed(user, role, unit, actor)
    existing = user.grant_for(role)
    replaced = None
    if existing is not None:
        replaced = existing.unit.code if existing.unit else "-"
        user.roles.remove(existing)
        db.session.flush()
    user.roles.append(RoleGrant(role=role, unit_id=unit.id if unit else None,
                                granted_by_id=actor.id if actor else None))
    record_audit(actor, "role.grant", user, role=role, unit=unit.code if unit else None,
                 replaced_unit=replaced)


def grant_role_by_name(login, role, unit_code, actor):
    """grant_role to the account and on the unit typed in the roles form, both of which must
    lie in `actor`'s units; returns the account."""
    root_id = scope_root_id(actor)
    user = find_user_by_login(login)
    unit = get_unit_by_code(unit_code.strip()) if unit_code else None
    in_scope = user is not None and (root_id is None or (
        user.cadre is not None and is_unit_in_scope(root_id, user.cadre.unit_id)))
    if not in_scope:
        raise AuthError(_l("No account with that name in your units."), field="username")
    if role == "organizer" and (unit is None or not is_unit_in_scope(root_id, unit.id)):
        raise AuthError(_l("Enter the code of a unit inside your scope."), field="unit_code")
    grant_role(user, role, unit if role == "organizer" else None, actor)
    return user


def revoke_role(grant, actor):
    """Take a role away; an organizer only from an account she manages."""
    if actor is not None and not may_manage_account(actor, grant.user_id):
        raise AuthError(_OUT_OF_REACH)
    record_audit(actor, "role.revoke", grant.user, role=grant.role,
                 unit=grant.unit.code if grant.unit else None)
    db.session.delete(grant)
