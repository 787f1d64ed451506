"""What part of the organisation tree a user may see and act on.

An organizer sees her unit's whole subtree and nothing else; an admin sees everything. These
functions return a value (None when out of scope) and never abort: views decide to answer
404, so that objects outside the scope are not revealed.
"""

from sqlalchemy import select

from lms.extensions import db
from lms.org.models import Cadre, Unit, UnitClosure
from lms.org.queries import get_ancestors, get_unit_by_code

# No unit has id 0: a user without an organizer unit sees nothing.
NO_UNITS = 0


def scope_root_id(user):
    """The unit whose subtree `user` manages; None for an admin (every unit)."""
    if user.is_admin:
        return None
    grant = user.grant_for("organizer")
    return grant.unit_id if grant is not None and grant.unit_id else NO_UNITS


def is_unit_in_scope(root_id, unit_id):
    """True when unit_id lies in the subtree of root_id (None means no limit)."""
    if root_id is None:
        return db.session.get(Unit, unit_id) is not None
    found = db.session.scalar(
        select(UnitClosure.distance).where(
            UnitClosure.ancestor_id == root_id, UnitClosure.descendant_id == unit_id))
    return found is not None


def unit_in_scope(user, unit_id):
    """The unit, if it lies in the user's scope; otherwise None."""
    unit = db.session.get(Unit, unit_id)
    return unit if unit is not None and is_unit_in_scope(scope_root_id(user), unit.id) else None


def unit_by_code_in_scope(user, code):
    """The unit with this code (spaces ignored), if it lies in the user's scope; else None."""
    unit = get_unit_by_code((code or "").strip())
    return unit if unit is not None and is_unit_in_scope(scope_root_id(user), unit.id) else None


def cadre_in_scope(user, cadre_id):
    """The cadre, if her unit lies in the user's scope; otherwise None."""
    cadre = db.session.get(Cadre, cadre_id)
    if cadre is None or not is_unit_in_scope(scope_root_id(user), cadre.unit_id):
        return None
    return cadre


def is_self_or_in_scope(user, cadre):
    """True for the cadre herself, an admin, or an organizer whose scope holds her current
    unit: who may download her certificates."""
    return user.cadre_id == cadre.id or is_unit_in_scope(scope_root_id(user), cadre.unit_id)


def scoped_ancestors(user, unit):
    """The unit's breadcrumb as the user may see it: from her scope root down to `unit`
    (from the tree's root for an admin)."""
    root_id = scope_root_id(user)
    chain = get_ancestors(unit.id)
    if root_id is not None:
        chain = chain[[u.id for u in chain].index(root_id):]
    return chain
