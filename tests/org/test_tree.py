"""The closure table: subtree queries, moves and merges keep it exact."""

import pytest
from sqlalchemy import select

from lms.core.models import AuditLog
from lms.extensions import db
from lms.org.models import Cadre, CadreUnitHistory, Unit, UnitClosure
from lms.org.queries import (
    count_subtree_cadres,
    get_ancestors,
    get_children_with_counts,
    subtree_ids,
)
from lms.org.services import OrgError, create_unit, merge_units, move_unit
from tests.factories import make_cadre, make_user


def codes_in_subtree(unit):
    ids = db.session.scalars(subtree_ids(unit.id)).all()
    return sorted(db.session.scalars(select(Unit.code).where(Unit.id.in_(ids))))


def closure_rows():
    return sorted(db.session.execute(select(
        UnitClosure.ancestor_id, UnitClosure.descendant_id, UnitClosure.distance)).all())


def expected_closure():
    """The closure table recomputed by walking parent links: the reference to compare with."""
    rows = []
    for unit in db.session.scalars(select(Unit)):
        node, distance = unit, 0
        while node is not None:
            rows.append((node.id, unit.id, distance))
            node, distance = node.parent, distance + 1
    return sorted(rows)


def test_subtree_contains_unit_and_all_descendants(org):
    assert codes_in_subtree(org.city) == ["B-A1", "B-B1", "G-A1A", "HN", "W-A", "W-B"]
    assert codes_in_subtree(org.ward_a) == ["B-A1", "G-A1A", "W-A"]
    assert codes_in_subtree(org.group_a1a) == ["G-A1A"]
    assert closure_rows() == expected_closure()


def test_ancestors_run_from_root_to_unit(org):
    assert [u.code for u in get_ancestors(org.group_a1a.id)] == ["HN", "W-A", "B-A1", "G-A1A"]


def test_children_counts_cover_whole_subtree_and_skip_inactive(org):
    make_cadre(org.group_a1a)
    make_cadre(org.branch_a1)
    make_cadre(org.ward_a, is_active=False)
    make_cadre(org.branch_b1)
    counts = {unit.code: n for unit, n in get_children_with_counts(org.city.id)}
    assert counts == {"W-A": 2, "W-B": 1}
    assert count_subtree_cadres(org.city.id) == 3
    assert count_subtree_cadres(org.city.id, active_only=False) == 4


def test_move_takes_the_subtree_along(org):
    admin = make_user("admin", "admin")
    move_unit(org.branch_a1, org.ward_b, actor=admin)
    db.session.commit()
    assert codes_in_subtree(org.ward_b) == ["B-A1", "B-B1", "G-A1A", "W-B"]
    assert codes_in_subtree(org.ward_a) == ["W-A"]
    assert [u.code for u in get_ancestors(org.group_a1a.id)] == ["HN", "W-B", "B-A1", "G-A1A"]
    assert db.session.get(Unit, org.group_a1a.id).depth == 3
    assert closure_rows() == expected_closure()
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "unit.move"))
    assert entry.detail == {"from_parent": "W-A", "to_parent": "W-B"}
    assert entry.actor_id == admin.id


def test_move_to_a_deeper_level_updates_depths(org):
    move_unit(org.ward_b, org.group_a1a)
    db.session.commit()
    assert db.session.get(Unit, org.branch_b1.id).depth == 5
    assert closure_rows() == expected_closure()


@pytest.mark.parametrize("target", ["branch_a1", "group_a1a", "ward_a"])
def test_move_into_own_subtree_is_refused(org, target):
    with pytest.raises(OrgError):
        move_unit(org.ward_a, getattr(org, target))


def test_merge_moves_cadres_and_children_and_keeps_history(org):
    admin = make_user("admin", "admin")
    cadre = make_cadre(org.ward_a)
    merge_units(org.ward_a, org.ward_b, actor=admin)
    db.session.commit()
    ward_a = db.session.get(Unit, org.ward_a.id)
    assert ward_a.is_active is False
    assert db.session.get(Cadre, cadre.id).unit_id == org.ward_b.id
    assert codes_in_subtree(org.ward_b) == ["B-A1", "B-B1", "G-A1A", "W-B"]
    assert closure_rows() == expected_closure()
    history = db.session.scalars(select(CadreUnitHistory).where(
        CadreUnitHistory.cadre_id == cadre.id).order_by(CadreUnitHistory.id)).all()
    assert [(h.unit_id, h.ended_at is None, h.reason) for h in history] == [
        (org.ward_a.id, False, "created"), (org.ward_b.id, True, "merge")]
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "unit.merge"))
    assert entry.detail["into"] == "W-B" and entry.detail["cadres"] == 1
    assert entry.detail["children"] == ["B-A1"]


def test_merge_into_own_descendant_is_refused(org):
    with pytest.raises(OrgError):
        merge_units(org.ward_a, org.group_a1a)
    with pytest.raises(OrgError):
        merge_units(org.ward_a, org.ward_a)


def test_new_unit_under_moved_branch_gets_full_ancestry(org):
    move_unit(org.branch_a1, org.ward_b)
    unit = create_unit("G-NEW", "Tổ mới", "group", parent=db.session.get(Unit, org.branch_a1.id))
    db.session.commit()
    assert [u.code for u in get_ancestors(unit.id)] == ["HN", "W-B", "B-A1", "G-NEW"]
    assert closure_rows() == expected_closure()


def test_a_refused_restructuring_names_the_target_field(org):
    from lms.core.errors import DomainError

    with pytest.raises(OrgError) as refused:
        move_unit(org.ward_a, org.group_a1a)
    assert isinstance(refused.value, DomainError) and refused.value.field == "target_code"
    with pytest.raises(OrgError) as refused:
        merge_units(org.ward_a, org.ward_a)
    assert refused.value.field == "target_code"
