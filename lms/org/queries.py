"""Reads on the organisation tree and on cadres. No request or current_user here."""

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased, contains_eager

from lms.core.text import fold_for_search, fold_vietnamese, search_terms
from lms.extensions import db
from lms.org.models import EDUCATION_LEVELS, Cadre, CadreUnitHistory, Unit, UnitClosure


def subtree_ids(unit_id):
    """A SELECT of the ids of `unit_id` and all its descendants (for use in IN)."""
    return select(UnitClosure.descendant_id).where(UnitClosure.ancestor_id == unit_id)


def get_unit_by_code(code):
    return db.session.scalar(select(Unit).where(Unit.code == code))


def get_ancestors(unit_id):
    """The unit's ancestors from the root down, the unit itself last."""
    return list(db.session.scalars(
        select(Unit).join(UnitClosure, UnitClosure.ancestor_id == Unit.id)
        .where(UnitClosure.descendant_id == unit_id)
        .order_by(UnitClosure.distance.desc())))


def get_children_with_counts(unit_id):
    """Direct children of a unit, each with its count of active cadres in the whole subtree."""
    counts = (
        select(UnitClosure.ancestor_id.label("unit_id"), func.count(Cadre.id).label("cadres"))
        .join(Cadre, Cadre.unit_id == UnitClosure.descendant_id)
        .join(Unit, Unit.id == UnitClosure.ancestor_id)
        .where(Unit.parent_id == unit_id, Cadre.is_active.is_(True))
        .group_by(UnitClosure.ancestor_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Unit, func.coalesce(counts.c.cadres, 0))
        .outerjoin(counts, counts.c.unit_id == Unit.id)
        .where(Unit.parent_id == unit_id)
        .order_by(Unit.is_active.desc(), Unit.sort_name))
    return [(unit, count) for unit, count in rows]


def count_subtree_cadres(unit_id, active_only=True):
    query = select(func.count(Cadre.id)).where(Cadre.unit_id.in_(subtree_ids(unit_id)))
    if active_only:
        query = query.where(Cadre.is_active.is_(True))
    return db.session.scalar(query)


def get_roots():
    return list(db.session.scalars(
        select(Unit).where(Unit.parent_id.is_(None)).order_by(Unit.sort_name)))


def search_units(root_id, term, limit=20):
    """Units in the subtree of root_id (None: all) whose name or code contains `term`."""
    query = select(Unit).where(Unit.is_active.is_(True))
    if root_id is not None:
        query = query.where(Unit.id.in_(subtree_ids(root_id)))
    if term:
        like = f"%{term.strip()}%"
        query = query.where(or_(Unit.name.ilike(like), Unit.code.ilike(like)))
    return list(db.session.scalars(query.order_by(Unit.depth, Unit.sort_name).limit(limit)))


def find_units_by_name(term, limit=10):
    """Active units whose name holds every word of `term`, accents and case ignored
    ("to dan pho 1" finds "Chi hội Tổ dân phố 1"), the highest levels first, then by name.

    Units keep no folded name, so the names are folded here: one narrow read of the active
    units' names, for pages used now and then (whom to ask for a new code), not per click."""
    terms = search_terms(term)
    if not terms:
        return []
    rows = db.session.execute(select(Unit.id, Unit.name, Unit.depth)
                              .where(Unit.is_active.is_(True))).all()
    matched = [row for row in rows
               if all(word in fold_for_search(row.name) for word in terms)]
    matched.sort(key=lambda row: (row.depth, fold_vietnamese(row.name), row.id))
    ids = [row.id for row in matched[:limit]]
    units = {unit.id: unit for unit in db.session.scalars(select(Unit).where(Unit.id.in_(ids)))}
    return [units[unit_id] for unit_id in ids]


@dataclass
class CadreFilter:
    """What an organizer filters the cadre list by; empty fields do not filter."""

    unit_id: int | None = None
    search: str = ""
    is_full_time: bool | None = None
    is_key_cadre: bool | None = None
    is_department_leader: bool | None = None
    is_chair: bool | None = None
    education: str | None = None
    is_active: bool | None = True


FLAG_FIELDS = ("is_full_time", "is_key_cadre", "is_department_leader", "is_chair")


def cadre_list_query(scope_unit_id, filters):
    """SELECT of the cadres in the subtree of scope_unit_id (None: all) matching `filters`."""
    # The list shows each cadre's unit: loaded in the same statement, not one query per unit.
    query = select(Cadre).join(Unit, Unit.id == Cadre.unit_id).options(contains_eager(Cadre.unit))
    if scope_unit_id is not None:
        query = query.where(Cadre.unit_id.in_(subtree_ids(scope_unit_id)))
    if filters.unit_id is not None:
        query = query.where(Cadre.unit_id.in_(subtree_ids(filters.unit_id)))
    for field in FLAG_FIELDS:
        wanted = getattr(filters, field)
        if wanted is not None:
            query = query.where(getattr(Cadre, field).is_(wanted))
    if filters.education:
        query = query.where(Cadre.education == filters.education)
    if filters.is_active is not None:
        query = query.where(Cadre.is_active.is_(filters.is_active))
    term = filters.search.strip()
    if term:
        folded = fold_vietnamese(term)
        query = query.where(or_(
            Cadre.search_name.contains(folded, autoescape=True),
            Cadre.code.ilike(term),
            Cadre.phone == term,
        ))
    return query.order_by(Cadre.sort_name, Cadre.id)


def get_cadre_history(cadre_id):
    return list(db.session.scalars(
        select(CadreUnitHistory).where(CadreUnitHistory.cadre_id == cadre_id)
        .order_by(CadreUnitHistory.started_at.desc(), CadreUnitHistory.id.desc())))


def unit_name_at(cadre_id, at):
    """SQL: the name of the unit the cadre (`cadre_id`, a column) belonged to at `at` (a
    column), from her unit history, else her current unit's (Cadre must be in the enclosing
    query).

    A certificate is drawn again on every download: it must not change when she rotates to
    another unit or her unit is merged later.
    """
    held = aliased(Unit)
    current = aliased(Unit)
    at_the_time = (
        select(held.name)
        .join(CadreUnitHistory, CadreUnitHistory.unit_id == held.id)
        .where(CadreUnitHistory.cadre_id == cadre_id, CadreUnitHistory.started_at <= at,
               or_(CadreUnitHistory.ended_at.is_(None), CadreUnitHistory.ended_at > at))
        .order_by(CadreUnitHistory.started_at.desc(), CadreUnitHistory.id.desc())
        .limit(1).correlate_except(held, CadreUnitHistory).scalar_subquery())
    current_name = (select(current.name).where(current.id == Cadre.unit_id)
                    .correlate(Cadre).scalar_subquery())
    return func.coalesce(at_the_time, current_name).label("unit_name")


def _parse_tri_state(value):
    return {"1": True, "0": False}.get(value)


def parse_cadre_filter(args):
    """A CadreFilter from query-string arguments; unknown or malformed values are ignored."""
    unit = args.get("unit", "")
    status = args.get("status", "active")
    education = args.get("education") or None
    return CadreFilter(
        unit_id=int(unit) if unit.isdigit() else None,
        search=args.get("q", "")[:100],
        education=education if education in EDUCATION_LEVELS else None,
        is_active={"active": True, "inactive": False}.get(status),
        **{field: _parse_tri_state(args.get(field)) for field in FLAG_FIELDS},
    )


def get_unit_filter_choices(root_id, selected_id=None):
    """Units offered in the cadre-list filter: the scope's root and its children, plus the
    selected unit when it lies deeper."""
    if root_id is None:
        query = select(Unit).where(Unit.depth <= 1)
    else:
        query = select(Unit).where(or_(Unit.id == root_id, Unit.parent_id == root_id))
    units = list(db.session.scalars(query.where(Unit.is_active.is_(True))
                                    .order_by(Unit.depth, Unit.sort_name)))
    if selected_id and all(unit.id != selected_id for unit in units):
        selected = db.session.get(Unit, selected_id)
        if selected is not None:
            units.append(selected)
    return units


def find_cadre_clash(code, phone, exclude_id=None):
    """'code' or 'phone' when another cadre already uses it, else None."""
    others = select(Cadre.code, Cadre.phone).where(
        or_(Cadre.code == code, Cadre.phone == phone) if phone else Cadre.code == code)
    if exclude_id is not None:
        others = others.where(Cadre.id != exclude_id)
    for other_code, _phone in db.session.execute(others):
        return "code" if other_code == code else "phone"
    return None

