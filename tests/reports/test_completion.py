"""Course completion rates: enrolled, in progress, completed, overdue and the rate, per child
unit with a total row, for organizers (their subtree) and trainers (their own courses).

Tree (tests.factories.make_org): HN > W-A (B-A1 > G-A1A), W-B (B-B1). Today is 2024-06-15.
Course K, enrollments (due date, completed):
  p1 W-A    due 2024-06-01, completed 2024-05-30   -> completed
  p2 W-A    due 2024-06-14, open                   -> overdue
  p3 W-A    due 2024-06-15 (today), open           -> in progress (not late yet)
  p4 W-A    no due date, open                      -> in progress
  p5 B-A1   due 2024-06-01, completed 2024-06-10   -> completed (late, but done)
  p6 G-A1A  due 2024-01-31, open                   -> overdue
  q1 W-B    no due date, completed                 -> completed
  x1 W-A    INACTIVE, due 2024-01-01, open         -> not counted
Course L: p1 enrolled, open, no due date.
By hand:   enrolled  in progress  completed  overdue  rate
  W-A          6          2           2          2    33.3   (p1..p6)
  B-A1         2          0           1          1    50.0   (p5, p6: group inside the branch)
  W-B          1          0           1          0   100.0
  HN total     7          2           3          2    42.9
Assignment A (W-A, course K) holds p2, p3 and p6: W-A 3 / 2 in progress... see the test.
"""

import re
from datetime import date

import pytest

from lms.extensions import db
from lms.learning.models import Assignment
from lms.reports.completion import (
    CompletionFigures,
    get_completion_by_unit,
    get_course_assignments,
    get_course_completion,
)
from tests.conftest import count_statements, login
from tests.factories import enroll, make_cadre, make_user
from tests.learning.helpers import make_course

TODAY = date(2024, 6, 15)




@pytest.fixture
def data(org):
    k = make_course(title="Kỹ năng vận động hội viên")
    l_ = make_course(title="An toàn thông tin")
    p = {n: make_cadre(unit) for n, unit in [
        ("p1", org.ward_a), ("p2", org.ward_a), ("p3", org.ward_a), ("p4", org.ward_a),
        ("p5", org.branch_a1), ("p6", org.group_a1a), ("q1", org.ward_b)]}
    x1 = make_cadre(org.ward_a, is_active=False)
    # Written straight into the table (no service): new cadres would be enrolled by it.
    assignment = Assignment(course_id=k.id, unit_id=org.ward_a.id, due_date=date(2024, 6, 14))
    db.session.add(assignment)
    db.session.flush()
    enroll(p["p1"], k, due=date(2024, 6, 1), done=date(2024, 5, 30))
    enroll(p["p2"], k, due=date(2024, 6, 14), assignment=assignment)
    enroll(p["p3"], k, due=date(2024, 6, 15), assignment=assignment)
    enroll(p["p4"], k)
    enroll(p["p5"], k, due=date(2024, 6, 1), done=date(2024, 6, 10))
    enroll(p["p6"], k, due=date(2024, 1, 31), assignment=assignment)
    enroll(p["q1"], k, done=date(2024, 3, 1))
    enroll(x1, k, due=date(2024, 1, 1))
    enroll(p["p1"], l_)
    db.session.commit()
    return {"k": k, "l": l_, "assignment": assignment, **p}


def as_tuple(figures):
    return (figures.enrolled, figures.in_progress, figures.completed, figures.overdue,
            figures.rate)


def test_figures_rate_and_sum():
    assert CompletionFigures(3, 1, 1, 1).rate == 33.3
    assert CompletionFigures().rate is None
    assert CompletionFigures(1, 1, 0, 0) + CompletionFigures(2, 0, 1, 1) == \
        CompletionFigures(3, 1, 1, 1)
    assert CompletionFigures(2, 1, 1, 0).to_dict() == {
        "enrolled": 2, "in_progress": 1, "completed": 1, "overdue": 0, "rate": 50.0}


def test_city_by_child_unit(org, data):
    table = get_completion_by_unit(org.city.id, data["k"].id, TODAY)
    assert table.unit == org.city
    assert {u.code: as_tuple(f) for u, f in table.children} == {
        "W-A": (6, 2, 2, 2, 33.3), "W-B": (1, 0, 1, 0, 100.0)}
    assert as_tuple(table.total) == (7, 2, 3, 2, 42.9)


def test_ward_drill_down_counts_the_ward_itself_in_the_total(org, data):
    table = get_completion_by_unit(org.ward_a.id, data["k"].id, TODAY)
    assert {u.code: as_tuple(f) for u, f in table.children} == {"B-A1": (2, 0, 1, 1, 50.0)}
    assert as_tuple(table.total) == (6, 2, 2, 2, 33.3)
    # a unit without enrollments is listed with zeros; the rate is None, not 0
    table = get_completion_by_unit(org.ward_b.id, data["k"].id, TODAY)
    assert [(u.code, as_tuple(f)) for u, f in table.children] == [
        ("B-B1", (0, 0, 0, 0, None))]


def test_due_today_is_not_overdue_but_tomorrow_it_is(org, data):
    later = get_completion_by_unit(org.city.id, data["k"].id, date(2024, 6, 16))
    # p3 (due 06-15) turns overdue on the 16th
    assert as_tuple(later.total) == (7, 1, 3, 3, 42.9)


def test_one_assignment(org, data):
    table = get_completion_by_unit(org.ward_a.id, data["k"].id, TODAY,
                                   assignment_id=data["assignment"].id)
    # p2 (overdue), p3 (in progress), p6 (overdue, in G-A1A under B-A1)
    assert as_tuple(table.total) == (3, 1, 0, 2, 0.0)
    assert {u.code: as_tuple(f) for u, f in table.children} == {"B-A1": (1, 0, 0, 1, 0.0)}
    # the assignment was made for W-A: W-A and the units above and below it see it
    assert [a.id for a, _ in get_course_assignments(data["k"].id, org.branch_a1.id)] == \
        [data["assignment"].id]
    assert [a.id for a, _ in get_course_assignments(data["k"].id, org.city.id)] == \
        [data["assignment"].id]
    assert get_course_assignments(data["k"].id, org.ward_b.id) == []


def test_courses_of_a_subtree(org, data):
    rows = get_course_completion(org.ward_a.id, TODAY)
    assert [(title, as_tuple(f)) for _id, title, f in rows] == [
        ("An toàn thông tin", (1, 1, 0, 0, 0.0)),
        ("Kỹ năng vận động hội viên", (6, 2, 2, 2, 33.3))]
    assert [title for _id, title, _f in get_course_completion(org.ward_b.id, TODAY)] == [
        "Kỹ năng vận động hội viên"]


def test_trainer_top_level_is_the_roots_children(org, data):
    table = get_completion_by_unit(None, data["k"].id, TODAY)
    assert table.unit is None
    assert {u.code: as_tuple(f) for u, f in table.children} == {
        "W-A": (6, 2, 2, 2, 33.3), "W-B": (1, 0, 1, 0, 100.0)}
    assert as_tuple(table.total) == (7, 2, 3, 2, 42.9)


def test_one_statement_whatever_the_tree(org, data):
    city_id, course_id = org.city.id, data["k"].id
    with count_statements() as statements:
        get_completion_by_unit(city_id, course_id, TODAY)
    assert len(statements) == 1
    more = [make_cadre(org.branch_b1) for _ in range(5)]
    for cadre in more:
        enroll(cadre, data["k"])
    db.session.commit()
    with count_statements() as statements:
        table = get_completion_by_unit(city_id, course_id, TODAY)
        get_course_completion(city_id, TODAY)
    assert len(statements) == 2
    assert table.total.enrolled == 12


# ---- pages -----------------------------------------------------------------------------

def rows_of(html):
    """{data-unit or data-course: (enrolled, in progress, completed, overdue, rate)}."""
    found = {}
    for key, body in re.findall(r'<tr (?:class="total-row" )?data-(?:unit|course)="([^"]*)">'
                                r'(.*?)</tr>', html, re.S):
        cells = [re.search(rf'class="{c}">([^<]*)<', body).group(1)
                 for c in ("enrolled", "in-progress", "completed", "overdue", "rate")]
        found[key] = tuple(cells)
    return found


@pytest.fixture
def organizer_a(client, org):
    make_user("org_a", "organizer", unit=org.ward_a)
    login(client, "org_a")
    return org


def test_organizer_page_lists_courses_then_drills_down(client, organizer_a, data):
    org = organizer_a
    html = client.get(f"/reports/units/{org.ward_a.id}/completion").get_data(as_text=True)
    assert rows_of(html)[str(data["k"].id)][0] == "6"
    assert f"/reports/units/{org.ward_a.id}/completion?course={data['k'].id}" in html
    html = client.get(f"/reports/units/{org.ward_a.id}/completion?course={data['k'].id}") \
        .get_data(as_text=True)
    rows = rows_of(html)
    # due dates here are long past: every open enrollment with a due date is overdue
    assert rows["B-A1"] == ("2", "0", "1", "1", "50,0\u00a0%")
    assert rows["W-A"] == ("6", "1", "2", "3", "33,3\u00a0%")
    assert f"/reports/units/{org.branch_a1.id}/completion?course={data['k'].id}" in html
    html = client.get(f"/reports/units/{org.ward_a.id}/completion?course={data['k'].id}"
                      f"&assignment={data['assignment'].id}").get_data(as_text=True)
    assert rows_of(html)["W-A"] == ("3", "0", "0", "3", "0,0\u00a0%")


def test_organizer_page_refuses_foreign_ids(client, organizer_a, data):
    org = organizer_a
    base = f"/reports/units/{org.ward_a.id}/completion"
    assert client.get(f"{base}?course=99999").status_code == 404
    assert client.get(f"{base}?course={data['k'].id}&assignment=99999").status_code == 404
    other = Assignment(course_id=data["k"].id, unit_id=org.ward_b.id)
    db.session.add(other)
    db.session.commit()
    assert client.get(f"{base}?course={data['k'].id}&assignment={other.id}").status_code == 404
    assert client.get(f"{base}?assignment={other.id}").status_code == 404
    assert client.get(f"{base}?assignment={data['assignment'].id}").status_code == 200


def test_trainer_sees_only_her_own_courses(client, org, data):
    trainer = make_user("trainer_t", "trainer")
    data["k"].owner_id = trainer.id
    db.session.commit()
    login(client, "trainer_t")
    html = client.get(f"/reports/courses/{data['k'].id}/completion").get_data(as_text=True)
    rows = rows_of(html)
    assert rows["W-A"][0] == "6" and rows["W-B"] == ("1", "0", "1", "0", "100,0\u00a0%")
    assert rows[""][0] == "7"
    assert f"/reports/courses/{data['k'].id}/completion?unit={org.ward_a.id}" in html
    html = client.get(f"/reports/courses/{data['k'].id}/completion?unit={org.ward_a.id}") \
        .get_data(as_text=True)
    assert rows_of(html)["B-A1"][0] == "2"
    assert client.get(f"/reports/courses/{data['l'].id}/completion").status_code == 404
    assert client.get(f"/reports/courses/{data['k'].id}/completion?unit=99999") \
        .status_code == 404
    assert client.get(f"/reports/units/{org.city.id}/completion").status_code == 403


def test_organizer_is_not_a_trainer(client, organizer_a, data):
    assert client.get(f"/reports/courses/{data['k'].id}/completion").status_code == 403
