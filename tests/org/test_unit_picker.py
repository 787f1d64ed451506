"""The unit picker: units found by name without accents inside the organizer's scope, the
type-ahead's JSON, the search step of the forms without JavaScript, and units with their ward."""

import re

import pytest
from sqlalchemy import insert, select

from lms.extensions import db
from lms.learning.models import Assignment
from lms.org.models import Unit
from lms.org.queries import find_units, get_unit_paths, resolve_unit
from lms.org.services import create_unit, update_unit
from tests.conftest import count_statements, login, post_form
from tests.factories import make_cadre, make_user
from tests.learning.helpers import make_course


@pytest.fixture
def tree(org):
    """make_org, plus a branch in ward B with the same name as ward A's, and a second
    "Hoàn Kiếm" in ward B so that a search has several answers."""
    org.branch_b2 = create_unit("B-B2", "Chi hội Tổ dân phố 1", "branch", parent=org.ward_b)
    org.branch_b3 = create_unit("B-B3", "Chi hội Hoàn Kiếm cũ", "branch", parent=org.ward_b)
    db.session.commit()
    return org


def names(matches):
    return [unit.name for unit, _path in matches]


def test_names_are_found_without_accents_best_first(tree):
    matches, total = find_units(None, "hoan kiem")
    # The ward (a word of its name starts with the term) before the branch (further in).
    assert names(matches) == ["Phường Hoàn Kiếm", "Chi hội Hoàn Kiếm cũ"] and total == 2
    assert names(find_units(None, "HOÀN KIẾM")[0]) == names(matches)
    # Starts-with first, then by level: both wards' "Chi hội Tổ dân phố 1" before "Tổ phụ nữ".
    assert names(find_units(None, "chi hoi to dan pho 1")[0]) == ["Chi hội Tổ dân phố 1"] * 2
    starts, _total = find_units(None, "to")
    assert names(starts)[0] == "Tổ phụ nữ số 1"  # starts with "to"; the others only contain it
    # A code's beginning finds the unit too.
    assert names(find_units(None, "b-b")[0]) == ["Chi hội Hoàn Kiếm cũ", "Chi hội Thôn Đông",
                                                 "Chi hội Tổ dân phố 1"]
    assert find_units(None, "   ") == ([], 0)
    assert find_units(None, "100%") == ([], 0)  # LIKE wildcards are plain text


def test_the_search_stays_in_the_scope_and_counts_beyond_its_limit(tree):
    assert names(find_units(tree.ward_a.id, "hoan kiem")[0]) == ["Phường Hoàn Kiếm"]
    matches, total = find_units(tree.ward_a.id, "chi hoi")
    assert [unit.code for unit, _path in matches] == ["B-A1"] and total == 1
    for n in range(3):
        create_unit(f"B-A{n + 2}", f"Chi hội Tổ dân phố {n + 2}", "branch", parent=tree.ward_a)
    db.session.commit()
    matches, total = find_units(tree.ward_a.id, "chi hoi", limit=2)
    assert len(matches) == 2 and total == 4
    inactive = create_unit("B-A9", "Chi hội đã sáp nhập", "branch", parent=tree.ward_a,
                           is_active=False)
    db.session.commit()
    assert inactive.code not in [unit.code for unit, _ in find_units(None, "sap nhap")[0]]


def test_what_the_box_holds_names_one_unit_of_the_scope_or_lists_candidates(tree):
    ward_a = tree.ward_a.id
    assert resolve_unit(ward_a, "B-A1").unit.id == tree.branch_a1.id      # a typed code
    assert resolve_unit(ward_a, " G-A1A ").unit.id == tree.group_a1a.id
    assert resolve_unit(None, "Chi hội Tổ dân phố 1 (B-B2)").unit.id == tree.branch_b2.id
    assert resolve_unit(ward_a, "phuong hoan kiem").unit.id == ward_a     # exact, unique name
    # The same name in two wards: the city's organizer chooses; ward A's has only one.
    both = resolve_unit(tree.city.id, "Chi hội Tổ dân phố 1")
    assert both.unit is None and both.total == 2
    assert [str(path) for _unit, path in both.matches] == [
        "Chi hội Tổ dân phố 1 · Phường Hoàn Kiếm", "Chi hội Tổ dân phố 1 · Xã Sóc Sơn"]
    assert resolve_unit(ward_a, "Chi hội Tổ dân phố 1").unit.id == tree.branch_a1.id
    # Part of a name is never taken on trust, even with one candidate.
    part = resolve_unit(ward_a, "hoan")
    assert part.unit is None and names(part.matches) == ["Phường Hoàn Kiếm"]
    # Outside her scope: not accepted by code nor by "name (code)", and not offered.
    assert resolve_unit(ward_a, "B-B2").unit is None
    outside = resolve_unit(ward_a, "Chi hội Tổ dân phố 1 (B-B2)")
    # Not swapped for her own branch of the same name either: she is asked to choose.
    assert outside.unit is None and names(outside.matches) == ["Chi hội Tổ dân phố 1"]
    assert outside.matches[0][0].id == tree.branch_a1.id
    assert resolve_unit(ward_a, "xa soc son") == resolve_unit(ward_a, "nothing")
    assert resolve_unit(ward_a, "").unit is None


def test_paths_name_the_ward_in_one_statement(tree):
    ids = [tree.city.id, tree.ward_a.id, tree.branch_a1.id, tree.group_a1a.id,
           tree.branch_b2.id]
    with count_statements() as statements:
        paths = get_unit_paths(ids)
    assert len(statements) == 1
    assert {unit_id: str(path) for unit_id, path in paths.items()} == {
        tree.city.id: "Hội LHPN Hà Nội",
        tree.ward_a.id: "Phường Hoàn Kiếm",
        tree.branch_a1.id: "Chi hội Tổ dân phố 1 · Phường Hoàn Kiếm",
        tree.group_a1a.id: "Tổ phụ nữ số 1 · Chi hội Tổ dân phố 1 · Phường Hoàn Kiếm",
        tree.branch_b2.id: "Chi hội Tổ dân phố 1 · Xã Sóc Sơn",
    }
    assert paths[tree.group_a1a.id].ward == "Phường Hoàn Kiếm"
    assert paths[tree.city.id].ward is None and paths[tree.ward_a.id].ward == "Phường Hoàn Kiếm"
    assert paths[tree.branch_b2.id].context == "Xã Sóc Sơn"
    assert get_unit_paths([]) == {}


def test_the_folded_name_follows_renames_and_bulk_inserts(org):
    update_unit(org.branch_a1, "Chi hội Đống Đa", "branch", True)
    db.session.execute(insert(Unit), [{"code": "BULK", "name": "Xã Đông Anh", "kind": "commune",
                                       "parent_id": org.city.id, "depth": 1}])
    db.session.commit()
    assert db.session.get(Unit, org.branch_a1.id).search_name == "chi hoi dong da"
    assert db.session.scalar(select(Unit.search_name).where(Unit.code == "BULK")) == \
        "xa dong anh"


# --- the type-ahead's JSON ----------------------------------------------------------------


def test_suggestions_are_her_scope_only_with_the_ward(client, tree):
    make_user("org_a", "organizer", unit=tree.ward_a)
    login(client, "org_a")
    response = client.get("/org/units/suggest?q=chi hoi to dan pho")
    assert response.status_code == 200 and response.headers["Cache-Control"] == \
        "private, no-store"
    assert response.get_json() == {"total": 1, "units": [{
        "code": "B-A1", "name": "Chi hội Tổ dân phố 1", "context": "Phường Hoàn Kiếm",
        "label": "Chi hội Tổ dân phố 1 (B-A1)"}]}
    assert client.get("/org/units/suggest?q=soc son").get_json() == {"total": 0, "units": []}


def test_suggestions_are_at_most_twenty_and_say_how_many_match(client, tree):
    for n in range(25):
        create_unit(f"T-{n}", f"Chi hội Thôn {n}", "branch", parent=tree.ward_b)
    db.session.commit()
    make_user("org_city", "organizer", unit=tree.city)
    login(client, "org_city")
    data = client.get("/org/units/suggest?q=chi hoi thon").get_json()
    assert len(data["units"]) == 20 and data["total"] == 26


def test_suggestions_need_an_organizer(client, tree):
    make_user("learner", cadre=make_cadre(tree.ward_a))
    login(client, "learner")
    assert client.get("/org/units/suggest?q=hoan").status_code == 403


# --- the forms: a name, a choice, a code -----------------------------------------------


@pytest.fixture
def city_organizer(client, tree):
    make_user("org_city", "organizer", unit=tree.city)
    login(client, "org_city")
    return client


def assign(client, course, unit_text, **extra):
    return post_form(client, "/assignments/new", {"course_id": str(course.id),
                                                   "unit_code": unit_text, **extra})


def test_a_name_shared_by_two_wards_asks_which_then_assigns(city_organizer, tree):
    course = make_course(lessons=1)
    make_cadre(tree.branch_b2)
    page = assign(city_organizer, course, "chi hoi to dan pho 1")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and db.session.scalar(select(Assignment.id)) is None
    assert "Hãy chọn đúng đơn vị trong danh sách dưới đây." in html
    choices = re.findall(r'name="unit_code-choice" value="([^"]+)"', html)
    assert choices == ["B-A1", "B-B2"]
    assert "Chi hội Tổ dân phố 1</span> <span class=\"muted\">Xã Sóc Sơn · B-B2" in html
    assert 'value="chi hoi to dan pho 1"' in html  # what she typed stays in the box
    response = assign(city_organizer, course, "chi hoi to dan pho 1",
                      **{"unit_code-choice": "B-B2"})
    assert response.status_code == 302
    assert db.session.scalar(select(Assignment.unit_id)) == tree.branch_b2.id


def test_a_typed_code_and_a_picked_name_still_assign_at_once(city_organizer, tree):
    course = make_course(lessons=1)
    assert assign(city_organizer, course, "W-A").status_code == 302
    assert assign(city_organizer, course, "Xã Sóc Sơn (W-B)").status_code == 302
    assert sorted(db.session.scalars(select(Assignment.unit_id))) == sorted(
        [tree.ward_a.id, tree.ward_b.id])


def test_a_unit_outside_her_scope_is_neither_offered_nor_accepted(client, tree):
    make_user("org_a", "organizer", unit=tree.ward_a)
    login(client, "org_a")
    course = make_course(lessons=1)
    for text, extra in (("W-B", {}), ("Xã Sóc Sơn (W-B)", {}),
                        ("chi hoi", {"unit_code-choice": "B-B2"})):
        html = assign(client, course, text, **extra).get_data(as_text=True)
        offered = re.findall(r'name="unit_code-choice" value="([^"]+)"', html)
        assert "B-B2" not in offered and "W-B" not in offered
        assert '<span class="muted">Xã Sóc Sơn' not in html
    assert db.session.scalar(select(Assignment.id)) is None
    html = assign(client, course, "W-B").get_data(as_text=True)
    assert "Không có đơn vị nào thuộc phạm vi bạn quản lý có mã hoặc tên này." in html


def test_more_candidates_than_shown_say_how_many(city_organizer, tree):
    for n in range(22):
        create_unit(f"T-{n}", f"Chi hội Thôn {n}", "branch", parent=tree.ward_b)
    db.session.commit()
    html = assign(city_organizer, make_course(lessons=1), "thon").get_data(as_text=True)
    assert len(re.findall(r'name="unit_code-choice"', html)) == 20
    assert "20 trên 23 đơn vị phù hợp" in html


@pytest.mark.parametrize(("url", "field"), [
    ("/training/new", "unit_code"), ("/programmes/new", "unit_code"),
    ("/org/cadres/new", "unit_code"), ("/accounts/roles", "unit_code")])
def test_every_form_that_names_a_unit_has_the_picker(city_organizer, url, field):
    html = city_organizer.get(url).get_data(as_text=True)
    assert re.search(rf'<input[^>]*data-unit-picker="/org/units/suggest"[^>]*name="{field}"'
                     rf'|<input[^>]*name="{field}"[^>]*data-unit-picker="/org/units/suggest"',
                     html), url
    assert "/static/js/unit-picker.js" in html


def test_a_session_is_recorded_for_a_unit_named_without_accents(city_organizer, tree):
    response = post_form(city_organizer, "/training/new", {
        "title": "Tập huấn", "track": "it", "held_on": "2024-04-02", "hours": "2",
        "unit_code": "xa soc son"})
    assert response.status_code == 302
    from lms.training.models import TrainingSession
    assert db.session.scalar(select(TrainingSession.unit_id)) == tree.ward_b.id


def test_a_role_is_granted_on_a_unit_named_without_accents(city_organizer, tree):
    make_user("hoa", cadre=make_cadre(tree.ward_b))
    response = post_form(city_organizer, "/accounts/roles", {
        "username": "hoa", "role": "organizer", "unit_code": "xa soc son"})
    assert response.status_code == 302
    from lms.auth.models import User
    user = db.session.scalar(select(User).where(User.username == "hoa"))
    assert user.grant_for("organizer").unit_id == tree.ward_b.id
