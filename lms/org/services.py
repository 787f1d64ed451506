"""Writes on the organisation tree and on cadres.

The closure table is kept in step with Unit.parent_id by these functions only.
"""


from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, insert, literal, select, true, update

from lms.core.audit import record_audit
from lms.core.clock import utcnow
from lms.core.errors import DomainError
from lms.core.text import fold_vietnamese
from lms.extensions import db
from lms.org.models import Cadre, CadreUnitHistory, Unit, UnitClosure
from lms.org.queries import find_cadre_clash, get_unit_by_code
from lms.org.scope import unit_by_code_in_scope
from lms.org.signals import cadres_changed


class OrgError(DomainError):
    """A tree change that would break the organisation, or a form that clashes with it
    (message is user-facing, `field` the form field it concerns)."""


def _insert_closure_for_new_unit(unit):
    """Link a freshly flushed unit to itself and to every ancestor of its parent."""
    db.session.execute(insert(UnitClosure).values(
        ancestor_id=unit.id, descendant_id=unit.id, distance=0))
    if unit.parent_id is not None:
        db.session.execute(insert(UnitClosure).from_select(
            ["ancestor_id", "descendant_id", "distance"],
            select(UnitClosure.ancestor_id, literal(unit.id), UnitClosure.distance + 1)
            .where(UnitClosure.descendant_id == unit.parent_id),
        ))


def create_unit(code, name, kind, parent=None, actor=None, is_active=True):
    """Create a unit under `parent` (None for a root)."""
    unit = Unit(code=code, name=name, kind=kind, parent=parent,
                depth=(parent.depth + 1) if parent else 0, is_active=is_active)
    db.session.add(unit)
    db.session.flush()
    _insert_closure_for_new_unit(unit)
    if actor is not None:
        record_audit(actor, "unit.create", unit, code=code)
    return unit


def create_unit_under(parent, code, name, kind, is_active, actor):
    """create_unit from the unit form: refuses a code another unit already has."""
    if get_unit_by_code(code):
        raise OrgError(_l("This code is already used by another unit."), field="code")
    return create_unit(code, name, kind, parent=parent, actor=actor, is_active=is_active)


def update_unit(unit, name, kind, is_active, actor=None):
    """Rename a unit or change its kind or active flag."""
    before = {"name": unit.name, "kind": unit.kind, "is_active": unit.is_active}
    unit.name, unit.kind, unit.is_active = name, kind, is_active
    record_audit(actor, "unit.update", unit, before=before,
                 after={"name": name, "kind": kind, "is_active": is_active})
    return unit


def _subtree_ids_select(unit_id):
    return select(UnitClosure.descendant_id).where(UnitClosure.ancestor_id == unit_id)


def move_unit(unit, new_parent, actor=None):
    """Move `unit` and its whole subtree under `new_parent`."""
    if new_parent.id == unit.id or db.session.get(UnitClosure, (unit.id, new_parent.id)):
        raise OrgError(_l("A unit cannot be moved into itself or its own subtree."),
                       field="target_code")
    old_parent_code = unit.parent.code if unit.parent else None
    subtree = _subtree_ids_select(unit.id).scalar_subquery()
    old_ancestors = (select(UnitClosure.ancestor_id)
                     .where(UnitClosure.descendant_id == unit.id, UnitClosure.distance > 0)
                     .scalar_subquery())
    # Cut every link from the old ancestors into the subtree ...
    db.session.execute(delete(UnitClosure).where(
        UnitClosure.descendant_id.in_(subtree), UnitClosure.ancestor_id.in_(old_ancestors)))
    # ... then link each new ancestor to each member of the subtree.
    above = select(UnitClosure.ancestor_id, UnitClosure.distance).where(
        UnitClosure.descendant_id == new_parent.id).subquery()
    below = select(UnitClosure.descendant_id, UnitClosure.distance).where(
        UnitClosure.ancestor_id == unit.id).subquery()
    db.session.execute(insert(UnitClosure).from_select(
        ["ancestor_id", "descendant_id", "distance"],
        select(above.c.ancestor_id, below.c.descendant_id,
               above.c.distance + below.c.distance + 1).select_from(above.join(below, true())),
    ))
    depth_shift = new_parent.depth + 1 - unit.depth
    db.session.execute(update(Unit).where(Unit.id.in_(_subtree_ids_select(unit.id)))
                       .values(depth=Unit.depth + depth_shift).execution_options(
                           synchronize_session=False))
    unit.parent_id = new_parent.id
    db.session.flush()
    db.session.expire_all()
    record_audit(actor, "unit.move", unit, from_parent=old_parent_code, to_parent=new_parent.code)
    cadres_changed.send(unit_id=unit.id)
    return unit


def move_cadre(cadre, new_unit, reason="transfer", at=None):
    """Put a cadre in another unit, closing her old membership in the history."""
    if cadre.unit_id == new_unit.id:
        return cadre
    at = at or utcnow()
    db.session.execute(update(CadreUnitHistory).where(
        CadreUnitHistory.cadre_id == cadre.id, CadreUnitHistory.ended_at.is_(None))
        .values(ended_at=at))
    db.session.add(CadreUnitHistory(cadre_id=cadre.id, unit_id=new_unit.id,
                                    started_at=at, reason=reason))
    cadre.unit_id = new_unit.id
    return cadre


def merge_units(source, target, actor=None):
    """Merge `source` into `target`: its cadres and children move, and it is deactivated."""
    if source.id == target.id:
        raise OrgError(_l("A unit cannot be merged into itself."), field="target_code")
    if db.session.get(UnitClosure, (source.id, target.id)):
        raise OrgError(_l("A unit cannot be merged into one of its own descendants."),
                       field="target_code")
    now = utcnow()
    cadre_ids = list(db.session.scalars(select(Cadre.id).where(Cadre.unit_id == source.id)))
    db.session.execute(update(CadreUnitHistory).where(
        CadreUnitHistory.cadre_id.in_(cadre_ids), CadreUnitHistory.ended_at.is_(None))
        .values(ended_at=now))
    if cadre_ids:
        db.session.execute(insert(CadreUnitHistory), [
            {"cadre_id": cid, "unit_id": target.id, "started_at": now, "reason": "merge"}
            for cid in cadre_ids])
    db.session.execute(update(Cadre).where(Cadre.unit_id == source.id)
                       .values(unit_id=target.id).execution_options(synchronize_session=False))
    children = list(db.session.scalars(select(Unit).where(Unit.parent_id == source.id)))
    for child in children:
        move_unit(child, target)
    source = db.session.get(Unit, source.id)
    source.is_active = False
    record_audit(actor, "unit.merge", source, into=target.code, cadres=len(cadre_ids),
                 children=[child.code for child in children])
    cadres_changed.send(unit_id=target.id)
    return target


def move_or_merge_unit(unit, action, target_code, actor):
    """Move `unit` under (action "move") or merge it into (action "merge") the unit with
    `target_code`; returns that unit."""
    target = get_unit_by_code(target_code)
    if target is None:
        raise OrgError(_l("No unit has this code."), field="target_code")
    if action == "move":
        move_unit(unit, target, actor=actor)
    else:
        merge_units(unit, target, actor=actor)
    return target


def _cadre_fields(data):
    fields = dict(data)
    if "full_name" in fields:
        fields["full_name"] = " ".join(fields["full_name"].split())
        fields["search_name"] = fold_vietnamese(fields["full_name"])
    return fields


def create_cadre(data, actor=None):
    """Create a cadre from a dict of her fields (unit_id included)."""
    cadre = Cadre(**_cadre_fields(data))
    db.session.add(cadre)
    db.session.flush()
    db.session.add(CadreUnitHistory(cadre_id=cadre.id, unit_id=cadre.unit_id,
                                    started_at=utcnow(), reason="created"))
    if actor is not None:
        record_audit(actor, "cadre.create", cadre, code=cadre.code)
    cadres_changed.send(unit_id=cadre.unit_id)
    return cadre


def update_cadre(cadre, data, actor=None):
    """Change a cadre's fields; a change of unit is kept in her unit history."""
    fields = _cadre_fields(data)
    new_unit_id = fields.pop("unit_id", cadre.unit_id)
    changed = {k: v for k, v in fields.items() if getattr(cadre, k) != v}
    for key, value in changed.items():
        setattr(cadre, key, value)
    if new_unit_id != cadre.unit_id:
        changed["unit_id"] = new_unit_id
        move_cadre(cadre, db.session.get(Unit, new_unit_id))
    if changed and actor is not None:
        record_audit(actor, "cadre.update", cadre,
                     fields=sorted(k for k in changed if k != "search_name"))
    if changed:
        cadres_changed.send(unit_id=cadre.unit_id)
    return cadre


def save_cadre(data, unit_code, actor, cadre=None):
    """Create (`cadre` None) or update a cadre from the cadre form: her unit must lie in
    `actor`'s units, and no other cadre may have her code or phone number."""
    unit = unit_by_code_in_scope(actor, unit_code)
    if unit is None:
        raise OrgError(_l("Enter the code of a unit inside your scope."), field="unit_code")
    data = {**data, "unit_id": unit.id}
    clash = find_cadre_clash(data["code"], data["phone"], exclude_id=cadre.id if cadre else None)
    if clash == "code":
        raise OrgError(_l("Another cadre already has this code."), field="code")
    if clash == "phone":
        raise OrgError(_l("Another cadre already has this phone number."), field="phone")
    if cadre is None:
        return create_cadre(data, actor=actor)
    return update_cadre(cadre, data, actor=actor)
