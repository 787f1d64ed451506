"""Reads on accounts."""

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from lms.auth.models import RoleGrant, User
from lms.extensions import db
from lms.org.models import Cadre
from lms.org.queries import subtree_ids


def find_user_by_login(login):
    """The account matching a username, or the account of the cadre with that code or phone."""
    login = (login or "").strip()
    if not login:
        return None
    user = db.session.scalar(select(User).where(func.lower(User.username) == login.lower()))
    if user is not None:
        return user
    return db.session.scalar(
        select(User).join(Cadre, Cadre.id == User.cadre_id)
        .where(or_(func.lower(Cadre.code) == login.lower(), Cadre.phone == login))
        .limit(1))


def find_cadre_by_login(login):
    """The active cadre whose code or phone number is `login`."""
    login = (login or "").strip()
    if not login:
        return None
    return db.session.scalar(
        select(Cadre).where(or_(func.lower(Cadre.code) == login.lower(), Cadre.phone == login),
                            Cadre.is_active.is_(True)).limit(1))


def role_grants_query(scope_unit_id):
    """Role grants visible from a scope: organizer and trainer grants of accounts in it."""
    query = select(RoleGrant).join(User, User.id == RoleGrant.user_id)
    if scope_unit_id is not None:
        query = (query.join(Cadre, Cadre.id == User.cadre_id)
                 .where(Cadre.unit_id.in_(subtree_ids(scope_unit_id))))
    return query.order_by(RoleGrant.role, User.username)


@dataclass
class AccountStatus:
    """What an organizer needs to know about a cadre's sign-in account."""

    has_account: bool
    has_password: bool
    code_pending: bool
    last_login_at: object = None
    username: str | None = None


def get_account_status(cadre_id):
    user = db.session.scalar(select(User).where(User.cadre_id == cadre_id))
    if user is None:
        return AccountStatus(False, False, False)
    return AccountStatus(True, bool(user.password_hash), bool(user.one_time_code_hash),
                         user.last_login_at, user.username)


def get_cadres_without_password(unit_id):
    """Active cadres of one unit (not its subtree) who cannot sign in yet, by name."""
    has_password = select(User.id).where(User.cadre_id == Cadre.id,
                                         User.password_hash.is_not(None))
    return list(db.session.scalars(
        select(Cadre).where(Cadre.unit_id == unit_id, Cadre.is_active.is_(True),
                            ~has_password.exists())
        .order_by(Cadre.search_name)))


def get_usernames(user_ids):
    """{user id: username} for the given ids, in one query."""
    ids = [uid for uid in user_ids if uid is not None]
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.username).where(User.id.in_(ids))).all())
