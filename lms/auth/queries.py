"""Reads on accounts."""

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager

from lms.auth.models import PasswordReset, RoleGrant, User
from lms.auth.sessions import token_hash
from lms.extensions import db
from lms.org.models import Cadre, Unit, UnitClosure
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


def sign_in_account_key(login):
    """The one account (or cadre) a sign-in name stands for, as a rate-limit key.

    A cadre answers to her username, her cadre code and her phone number: all three share
    one budget of failed attempts. A name that matches nothing is its own key.
    """
    user = find_user_by_login(login)
    if user is not None:
        return f"user:{user.id}"
    cadre = find_cadre_by_login(login)
    if cadre is not None:
        return f"cadre:{cadre.id}"
    return "name:" + (login or "").strip().lower()


def units_strictly_below(root_id):
    """A SELECT of the ids of the units under `root_id`, without `root_id` itself."""
    return subtree_ids(root_id).where(UnitClosure.distance > 0)


def get_manageable_user_ids(actor, user_ids):
    """The accounts among `user_ids` whose sign-in and roles `actor` may change.

    An admin manages every account. An organizer manages the account of a cadre in her
    subtree only when its every grant is an organizer grant on a unit strictly below her
    own: never a trainer, an admin, a co-organizer of her unit or anyone above, and never
    her own account.
    """
    ids = {uid for uid in user_ids if uid is not None}
    if actor.is_admin or not ids:
        return ids if actor.is_admin else set()
    grant = actor.grant_for("organizer")
    if grant is None or grant.unit_id is None:
        return set()
    out_of_reach = select(RoleGrant.id).where(
        RoleGrant.user_id == User.id,
        or_(RoleGrant.role != "organizer", RoleGrant.unit_id.is_(None),
            RoleGrant.unit_id.not_in(units_strictly_below(grant.unit_id))))
    return set(db.session.scalars(
        select(User.id).join(Cadre, Cadre.id == User.cadre_id)
        .where(User.id.in_(ids), User.id != actor.id,
               Cadre.unit_id.in_(subtree_ids(grant.unit_id)),
               ~out_of_reach.exists())))


def may_manage_account(actor, user_id):
    """True when `actor` may issue the account a one-time code or change its roles."""
    return user_id is not None and user_id in get_manageable_user_ids(actor, [user_id])


def get_grant_in_reach(actor, grant_id):
    """The role grant, if `actor` may take it away (see get_manageable_user_ids); else None."""
    grant = db.session.get(RoleGrant, grant_id)
    return grant if grant is not None and may_manage_account(actor, grant.user_id) else None


def role_grants_query(scope_unit_id):
    """Role grants visible from a scope: every grant for an admin (None), else the
    organizer grants on units of the subtree."""
    # The page shows each grant's account: loaded in the same statement, not one per grant.
    query = (select(RoleGrant).join(User, User.id == RoleGrant.user_id)
             .options(contains_eager(RoleGrant.user)))
    if scope_unit_id is not None:
        query = query.where(RoleGrant.unit_id.in_(subtree_ids(scope_unit_id)))
    return query.order_by(RoleGrant.role, User.username)


@dataclass
class AccountStatus:
    """What an organizer needs to know about a cadre's sign-in account."""

    has_account: bool
    has_password: bool
    code_pending: bool
    last_login_at: object = None
    username: str | None = None
    user_id: int | None = None


def get_account_status(cadre_id):
    user = db.session.scalar(select(User).where(User.cadre_id == cadre_id))
    if user is None:
        return AccountStatus(False, False, False)
    return AccountStatus(True, bool(user.password_hash), bool(user.one_time_code_hash),
                         user.last_login_at, user.username, user.id)


def get_cadres_without_password(unit_id):
    """Active cadres of one unit (not its subtree) who cannot sign in yet, by name."""
    has_password = select(User.id).where(User.cadre_id == Cadre.id,
                                         User.password_hash.is_not(None))
    return list(db.session.scalars(
        select(Cadre).where(Cadre.unit_id == unit_id, Cadre.is_active.is_(True),
                            ~has_password.exists())
        .order_by(Cadre.sort_name, Cadre.id)))


def get_usernames(user_ids):
    """{user id: username} for the given ids, in one query."""
    ids = [uid for uid in user_ids if uid is not None]
    if not ids:
        return {}
    return dict(db.session.execute(select(User.id, User.username).where(User.id.in_(ids))).all())


def get_password_reset(token):
    """The PasswordReset a link's token stands for (used, expired or not), or None."""
    if not token:
        return None
    return db.session.scalar(select(PasswordReset).where(
        PasswordReset.token_hash == token_hash(token)))


@dataclass
class OrganizerContact:
    """Whom a cadre asks for a new sign-in code: an organizer's name and phone (if known)."""

    name: str
    phone: str | None


def get_nearest_organizers(unit_ids):
    """{unit id: (name of the unit they organize, [OrganizerContact])} for each of
    `unit_ids`: the organizers of the unit itself or, when it has none, of its nearest unit
    above that has one. One statement over the closure table."""
    ids = list(unit_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(UnitClosure.descendant_id, UnitClosure.distance, Unit.name,
               func.coalesce(Cadre.full_name, User.display_name), Cadre.phone)
        .join(RoleGrant, RoleGrant.unit_id == UnitClosure.ancestor_id)
        .join(Unit, Unit.id == UnitClosure.ancestor_id)
        .join(User, User.id == RoleGrant.user_id)
        .outerjoin(Cadre, Cadre.id == User.cadre_id)
        .where(UnitClosure.descendant_id.in_(ids), RoleGrant.role == "organizer",
               User.is_active_account.is_(True))
        .order_by(UnitClosure.descendant_id, UnitClosure.distance,
                  func.coalesce(Cadre.full_name, User.display_name)))
    nearest = {}
    for unit_id, distance, unit_name, name, phone in rows:
        found = nearest.setdefault(unit_id, (distance, unit_name, []))
        if found[0] == distance:
            found[2].append(OrganizerContact(name, phone or None))
    return {unit_id: (unit_name, contacts)
            for unit_id, (_distance, unit_name, contacts) in nearest.items()}
