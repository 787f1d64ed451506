"""Role and unit-scope checks, used as decorators and helpers by views.

An organizer sees her unit's whole subtree and nothing else; admins see everything.
Objects outside the scope answer 404 so that their existence is not revealed.
"""

from functools import wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import select

from lms.extensions import db
from lms.org.models import Cadre, Unit, UnitClosure
from lms.org.queries import get_ancestors


def roles_required(*roles):
    """Let the view run only for signed-in users holding one of `roles`."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not any(current_user.has_role(role) for role in roles):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def scope_root_id(user):
    """The unit whose subtree `user` manages, or None for an admin (everything)."""
    if user.is_admin:
        return None
    grant = user.grant_for("organizer")
    if grant is None or grant.unit_id is None:
        abort(403)
    return grant.unit_id


def is_unit_in_scope(root_id, unit_id):
    """True when unit_id lies in the subtree of root_id (None means no limit)."""
    if root_id is None:
        return db.session.get(Unit, unit_id) is not None
    found = db.session.scalar(
        select(UnitClosure.distance).where(
            UnitClosure.ancestor_id == root_id, UnitClosure.descendant_id == unit_id
        )
    )
    return found is not None


def unit_in_scope_or_404(user, unit_id):
    """The unit, if it lies in the user's scope; otherwise 404."""
    unit = db.session.get(Unit, unit_id)
    if unit is None or not is_unit_in_scope(scope_root_id(user), unit.id):
        abort(404)
    return unit


def cadre_in_scope_or_404(user, cadre_id):
    """The cadre, if her unit lies in the user's scope; otherwise 404."""
    cadre = db.session.get(Cadre, cadre_id)
    if cadre is None or not is_unit_in_scope(scope_root_id(user), cadre.unit_id):
        abort(404)
    return cadre


def scoped_ancestors(user, unit):
    """The unit's breadcrumb as the user may see it: from her scope root down to `unit`
    (from the tree's root for an admin)."""
    root_id = scope_root_id(user)
    chain = get_ancestors(unit.id)
    if root_id is not None:
        chain = chain[[u.id for u in chain].index(root_id):]
    return chain
