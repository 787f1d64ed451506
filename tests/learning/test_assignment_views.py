"""Organizers' assignment pages: scope on every route, the form, counts, withdrawal."""

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from lms.extensions import db
from lms.learning.models import Assignment, Enrollment
from lms.learning.services import complete_lesson, create_assignment
from tests.conftest import csrf_token_from, login, post_form
from tests.factories import make_cadre, make_user
from tests.learning.helpers import lessons_of, make_course, make_learner


@pytest.fixture
def ward_a_organizer(client, org):
    make_user("org_a", "organizer", unit=org.ward_a)
    login(client, "org_a")
    return org


def assignment_row(html, assignment):
    match = re.search(rf'<tr data-assignment="{assignment.id}">(.*?)</tr>', html, re.S)
    return match and match.group(1)


def cell(row, cls):
    return re.search(rf'class="{cls}">(\d+)<', row).group(1)


def test_the_list_shows_only_her_scope_with_counts(client, ward_a_organizer):
    org = ward_a_organizer
    course = make_course(lessons=1, title="Kỹ năng truyền thông")
    cadres = [make_cadre(org.branch_a1), make_cadre(org.group_a1a)]
    mine, _ = create_assignment(course, org.ward_a)
    theirs, _ = create_assignment(course, org.ward_b)
    complete_lesson(cadres[0], lessons_of(course)[0])
    db.session.commit()
    html = client.get("/assignments").get_data(as_text=True)
    row = assignment_row(html, mine)
    assert row and "Kỹ năng truyền thông" in row and org.ward_a.name in row
    assert (cell(row, "enrolled"), cell(row, "completed")) == ("2", "1")
    assert assignment_row(html, theirs) is None
    assert org.ward_b.name not in html


def test_another_wards_assignment_cannot_be_withdrawn(client, ward_a_organizer):
    org = ward_a_organizer
    theirs, _ = create_assignment(make_course(), org.ward_b)
    db.session.commit()
    response = post_form(client, f"/assignments/{theirs.id}/withdraw", form_url="/assignments")
    assert response.status_code == 404
    assert post_form(client, "/assignments/99999/withdraw",
                     form_url="/assignments").status_code == 404
    assert db.session.get(Assignment, theirs.id).withdrawn_at is None


def test_she_cannot_assign_to_a_unit_outside_her_scope(client, ward_a_organizer):
    org = ward_a_organizer
    course = make_course()
    make_cadre(org.branch_b1)
    response = post_form(client, "/assignments/new", {"course_id": course.id,
                                                      "unit_code": "W-B"})
    assert response.status_code == 200
    assert 'class="error" id="unit_code-error"' in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Assignment.id))) == 0
    assert db.session.scalar(select(func.count(Enrollment.id))) == 0


def test_assigning_enrolls_the_matching_cadres(client, ward_a_organizer):
    org = ward_a_organizer
    course = make_course()
    make_course(is_published=False, title="Bản nháp")
    chair = make_cadre(org.branch_a1, is_chair=True)
    make_cadre(org.branch_a1)
    form = client.get("/assignments/new").get_data(as_text=True)
    assert "Bản nháp" not in form  # only published courses are offered
    response = post_form(client, "/assignments/new", {
        "course_id": course.id, "unit_code": "B-A1", "only_chairs": "y",
        "due_date": "2025-09-30"})
    assert response.status_code == 302
    assignment = db.session.scalar(select(Assignment))
    assert (assignment.unit_id, assignment.only_chairs, assignment.due_date) == (
        org.branch_a1.id, True, date(2025, 9, 30))
    assert list(db.session.scalars(select(Enrollment.cadre_id))) == [chair.id]


def test_withdrawing_keeps_enrollments(client, ward_a_organizer):
    org = ward_a_organizer
    cadre = make_cadre(org.branch_a1)
    assignment, _ = create_assignment(make_course(), org.ward_a)
    db.session.commit()
    response = post_form(client, f"/assignments/{assignment.id}/withdraw",
                         form_url="/assignments")
    assert response.status_code == 302
    assert db.session.get(Assignment, assignment.id).withdrawn_at is not None
    assert db.session.scalar(select(Enrollment.cadre_id)) == cadre.id
    html = client.get("/assignments").get_data(as_text=True)
    assert f"/assignments/{assignment.id}/withdraw" not in html


def test_withdrawing_needs_a_csrf_token(client, ward_a_organizer):
    assignment, _ = create_assignment(make_course(), ward_a_organizer.ward_a)
    db.session.commit()
    assert client.post(f"/assignments/{assignment.id}/withdraw").status_code == 400
    token = csrf_token_from(client.get("/assignments").get_data(as_text=True))
    assert client.post("/assignments/new", data={"course_id": "1", "unit_code": "W-A",
                                                 "csrf_token": token + "x"}).status_code == 400
    assert db.session.get(Assignment, assignment.id).withdrawn_at is None


def test_a_cadre_cannot_open_assignments(client, org):
    make_learner(org.branch_a1, username="hoc.vien")
    login(client, "hoc.vien")
    assert client.get("/assignments").status_code == 403
    assert client.get("/assignments/new").status_code == 403
    assert 'href="/assignments"' not in client.get("/").get_data(as_text=True)


def test_an_admin_sees_every_assignment(client, org):
    make_user("quan.tri", "admin")
    login(client, "quan.tri")
    first, _ = create_assignment(make_course(), org.ward_a)
    second, _ = create_assignment(make_course(), org.ward_b)
    db.session.commit()
    html = client.get("/assignments").get_data(as_text=True)
    assert assignment_row(html, first) and assignment_row(html, second)
    assert 'href="/assignments"' in html
