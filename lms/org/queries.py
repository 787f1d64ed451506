"""Reads on the organisation tree and on cadres. No request or current_user here."""

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import aliased, contains_eager

from lms.core.text import fold_vietnamese, search_terms
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


def find_units_by_name(term, limit=10):
    """Active units whose name holds every word of `term`, accents and case ignored
    ("to dan pho 1" finds "Chi hội Tổ dân phố 1"), the highest levels first, then by name.

    Each word is looked for in the stored folded name (Unit.search_name): only the matching
    units are read."""
    terms = search_terms(term)
    if not terms:
        return []
    rows = db.session.execute(
        select(Unit.id, Unit.depth, Unit.search_name)
        .where(Unit.is_active.is_(True),
               *(Unit.search_name.contains(word, autoescape=True) for word in terms))).all()
    # Sorted here by the folded name, as Python compares it, the same on both engines.
    rows.sort(key=lambda row: (row.depth, row.search_name, row.id))
    ids = [row.id for row in rows[:limit]]
    units = {unit.id: unit for unit in db.session.scalars(select(Unit).where(Unit.id.in_(ids)))}
    return [units[unit_id] for unit_id in ids]


# How many units the unit picker lists at most (type-ahead and the search step alike).
UNIT_MATCHES = 20

# The levels that name a place on their own: a unit's path stops at the first of them.
PLACE_KINDS = ("commune", "district", "city")


@dataclass(frozen=True)
class UnitPath:
    """A unit's name and those of its ancestors up to its commune/ward (or the first
    district or city above it), so that "Chi hội Tổ dân phố số 1", which many wards have,
    reads "Chi hội Tổ dân phố số 1 · Hội LHPN Phường Hoàn Kiếm"."""

    names: tuple
    ward: str | None = None   # the commune/ward it lies in (itself if it is one)

    @property
    def context(self):
        """The ancestors' part: "Hội LHPN Phường Hoàn Kiếm" ("" for a ward or above)."""
        return " · ".join(self.names[1:])

    def __str__(self):
        return " · ".join(self.names)


def get_unit_paths(unit_ids):
    """{unit id: UnitPath} for the given units, in one statement whatever their number."""
    ids = sorted(set(unit_ids))
    if not ids:
        return {}
    rows = db.session.execute(
        select(UnitClosure.descendant_id, Unit.name, Unit.kind)
        .join(Unit, Unit.id == UnitClosure.ancestor_id)
        .where(UnitClosure.descendant_id.in_(ids))
        .order_by(UnitClosure.descendant_id, UnitClosure.distance))
    chains = {}
    for unit_id, name, kind in rows:
        chains.setdefault(unit_id, []).append((name, kind))
    paths = {}
    for unit_id, chain in chains.items():
        names, ward = [], None
        for name, kind in chain:
            names.append(name)
            if kind in PLACE_KINDS:
                ward = name if kind == "commune" else None
                break
        paths[unit_id] = UnitPath(tuple(names), ward)
    return paths


def ward_name_of(unit_id_column):
    """A scalar subquery for SELECTs (exports): the name of the commune/ward the unit of
    `unit_id_column` lies in, itself included; NULL for a unit above the wards."""
    ward = aliased(Unit)
    return (select(ward.name).join(UnitClosure, UnitClosure.ancestor_id == ward.id)
            .where(UnitClosure.descendant_id == unit_id_column, ward.kind == "commune")
            .order_by(UnitClosure.distance).limit(1).scalar_subquery())


def _unit_scope(query, root_id):
    if root_id is None:
        return query
    return query.join(UnitClosure, UnitClosure.descendant_id == Unit.id).where(
        UnitClosure.ancestor_id == root_id)


def find_units(root_id, term, limit=UNIT_MATCHES):
    """Active units in the subtree of root_id (None: all) whose name contains `term`,
    ignoring case and diacritics ("hoan kiem" finds "Phường Hoàn Kiếm"), or whose code
    starts with it; returns (list of (Unit, UnitPath), how many match in all).

    Ranking, best first: the name starts with the term or the code is the term; then a word
    of the name starts with it ("kiem" in "Phường Hoàn Kiếm"); then the name contains it
    elsewhere or the code starts with it. Ties: the higher level first (wards before
    branches before groups), then by folded name and id. The search runs in SQL on the
    stored folded name (Unit.search_name), never over units loaded into Python.
    """
    folded = fold_vietnamese(term)
    code = (term or "").strip().lower()
    if not folded:
        return [], 0
    code_column = func.lower(Unit.code)
    matches = or_(Unit.search_name.contains(folded, autoescape=True),
                  code_column.startswith(code, autoescape=True))
    rank = case(
        (or_(Unit.search_name.startswith(folded, autoescape=True), code_column == code), 0),
        (Unit.search_name.contains(f" {folded}", autoescape=True), 1),
        else_=2)
    query = _unit_scope(select(Unit), root_id).where(Unit.is_active.is_(True), matches)
    units = list(db.session.scalars(
        query.order_by(rank, Unit.depth, Unit.search_name, Unit.id).limit(limit)))
    total = len(units)
    if total == limit:
        total = db.session.scalar(select(func.count()).select_from(
            query.with_only_columns(Unit.id).subquery()))
    paths = get_unit_paths(unit.id for unit in units)
    return [(unit, paths[unit.id]) for unit in units], total


@dataclass
class UnitChoice:
    """What the unit picker's text names: `unit` when exactly one unit, otherwise the
    candidates (`matches`: (Unit, UnitPath) pairs, best first) and how many there are."""

    unit: Unit | None = None
    matches: list = dataclass_field(default_factory=list)
    total: int = 0


# "Phường Hoàn Kiếm (00070)", as the type-ahead fills the box in.
_CODE_IN_PARENTHESES = re.compile(r"\(([^()]+)\)\s*$")


def resolve_unit(root_id, text):
    """The unit in the subtree of root_id (None: all) that `text` names: its code, its
    name followed by the code in parentheses, or its exact name (accents and case aside)
    when no other unit there has that name. Otherwise the units it may mean (find_units).
    A unit outside the subtree is never the answer nor among the candidates."""
    text = (text or "").strip()
    if not text:
        return UnitChoice()
    in_parentheses = _CODE_IN_PARENTHESES.search(text)
    codes = [in_parentheses.group(1).strip()] if in_parentheses else []
    for code in [*codes, text]:
        unit = db.session.scalar(_unit_scope(select(Unit), root_id).where(Unit.code == code))
        if unit is not None:
            return UnitChoice(unit)
    if in_parentheses:
        # A code she did not choose from her units (another ward's): never swap in a unit
        # of the same name, list the candidates instead.
        name = text[:in_parentheses.start()].strip()
    else:
        name = text
        same_name = list(db.session.scalars(_unit_scope(select(Unit), root_id).where(
            Unit.is_active.is_(True), Unit.search_name == fold_vietnamese(name)).limit(2)))
        if len(same_name) == 1:
            return UnitChoice(same_name[0])
    matches, total = find_units(root_id, name)
    return UnitChoice(None, matches, total)


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

