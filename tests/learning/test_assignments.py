"""Assignments at service level: who they enroll, and auto-enrollment as cadres change."""

import io
from datetime import date

import pytest
from sqlalchemy import func, select

from lms.core.errors import DomainError
from lms.extensions import db
from lms.learning.models import Enrollment, LessonProgress
from lms.learning.services import (
    CourseNotOpen,
    complete_lesson,
    create_assignment,
    enroll_cadre,
    sync_assignments,
    withdraw_assignment,
)
from lms.org.imports import import_cadres
from lms.org.models import Cadre
from lms.org.services import create_unit, move_unit, update_cadre
from tests.factories import make_cadre
from tests.learning.helpers import lessons_of, make_course
from tests.org.test_imports import HEADER, cadre_row, csv_bytes


def enrolled(course):
    """{cadre id: enrollment} of the course."""
    return {e.cadre_id: e for e in db.session.scalars(
        select(Enrollment).where(Enrollment.course_id == course.id))}


def assign(course, unit, **kwargs):
    assignment, count = create_assignment(course, unit, **kwargs)
    db.session.commit()
    return assignment, count


def test_an_assignment_enrolls_the_active_cadres_of_the_subtree_only(org):
    inside = [make_cadre(org.ward_a), make_cadre(org.branch_a1), make_cadre(org.group_a1a)]
    outside = [make_cadre(org.city), make_cadre(org.ward_b), make_cadre(org.branch_b1)]
    inactive = make_cadre(org.branch_a1, is_active=False)
    course = make_course()
    assignment, count = assign(course, org.ward_a, due_date=date(2025, 6, 30))
    assert count == 3
    enrollments = enrolled(course)
    assert set(enrollments) == {c.id for c in inside}
    assert not {c.id for c in outside} & set(enrollments)
    assert inactive.id not in enrollments
    assert {(e.assignment_id, e.due_date) for e in enrollments.values()} == {
        (assignment.id, date(2025, 6, 30))}


@pytest.mark.parametrize("only, flag", [
    ("only_full_time", "is_full_time"), ("only_key_cadres", "is_key_cadre"),
    ("only_department_leaders", "is_department_leader"), ("only_chairs", "is_chair")])
def test_a_flag_limits_the_assignment_to_cadres_with_it(org, only, flag):
    flagged = make_cadre(org.branch_a1, **{flag: True})
    make_cadre(org.branch_a1)
    course = make_course()
    assign(course, org.ward_a, **{only: True})
    assert set(enrolled(course)) == {flagged.id}


def test_flags_combine(org):
    both = make_cadre(org.ward_a, is_full_time=True, is_key_cadre=True)
    make_cadre(org.ward_a, is_full_time=True)
    make_cadre(org.ward_a, is_key_cadre=True)
    course = make_course()
    assign(course, org.ward_a, only_full_time=True, only_key_cadres=True)
    assert set(enrolled(course)) == {both.id}


def test_an_unpublished_course_cannot_be_assigned(org):
    with pytest.raises(CourseNotOpen):
        create_assignment(make_course(is_published=False), org.ward_a)


def test_two_assignments_of_one_course_make_one_enrollment(org):
    cadre = make_cadre(org.branch_a1)
    course = make_course()
    later, _ = assign(course, org.city, due_date=date(2025, 12, 31))
    sooner, count = assign(course, org.ward_a, due_date=date(2025, 9, 30))
    assert count == 0
    [enrollment] = enrolled(course).values()
    assert (enrollment.cadre_id, enrollment.assignment_id) == (cadre.id, later.id)


def test_one_sync_over_two_new_assignments_takes_the_earliest_due_date(org):
    cadre = Cadre(code="CB-X", full_name="Vũ Thị Mới", search_name="vu thi moi",
                  unit_id=org.branch_a1.id)
    db.session.add(cadre)  # written directly: no signal, so only the sync below enrolls her
    course = make_course()
    first, _ = assign(course, org.city, due_date=date(2025, 12, 31))
    second, _ = assign(course, org.ward_a, due_date=date(2025, 9, 30))
    db.session.add(Cadre(code="CB-Y", full_name="Vũ Thị Sau", search_name="vu thi sau",
                         unit_id=org.branch_a1.id))
    db.session.flush()
    assert sync_assignments() == 1
    newcomer = enrolled(course)[db.session.scalar(select(Cadre.id).where(Cadre.code == "CB-Y"))]
    assert (newcomer.assignment_id, newcomer.due_date) == (first.id, date(2025, 9, 30))


def test_a_self_enrollment_is_taken_over_and_gets_the_due_date(org):
    cadre = make_cadre(org.branch_a1)
    course = make_course()
    enroll_cadre(cadre, course)
    db.session.commit()
    assignment, count = assign(course, org.ward_a, due_date=date(2025, 6, 30))
    assert count == 1
    [enrollment] = enrolled(course).values()
    assert (enrollment.assignment_id, enrollment.due_date) == (assignment.id, date(2025, 6, 30))


def test_an_existing_due_date_is_kept(org):
    cadre = make_cadre(org.branch_a1)
    course = make_course()
    enrollment = enroll_cadre(cadre, course)
    enrollment.due_date = date(2025, 3, 1)
    db.session.commit()
    assign(course, org.ward_a, due_date=date(2025, 6, 30))
    assert enrolled(course)[cadre.id].due_date == date(2025, 3, 1)


def test_a_cadre_created_in_the_subtree_is_enrolled(org):
    course = make_course()
    assign(course, org.ward_a)
    newcomer = make_cadre(org.group_a1a)
    elsewhere = make_cadre(org.branch_b1)
    assert newcomer.id in enrolled(course)
    assert elsewhere.id not in enrolled(course)


def test_a_cadre_moved_into_the_subtree_is_enrolled(org):
    cadre = make_cadre(org.branch_b1)
    course = make_course()
    assign(course, org.ward_a)
    assert cadre.id not in enrolled(course)
    update_cadre(cadre, {"unit_id": org.branch_a1.id})
    db.session.commit()
    assert cadre.id in enrolled(course)


def test_a_cadre_who_gains_the_flag_is_enrolled(org):
    cadre = make_cadre(org.branch_a1)
    course = make_course()
    assign(course, org.ward_a, only_chairs=True)
    assert cadre.id not in enrolled(course)
    update_cadre(cadre, {"is_chair": True})
    db.session.commit()
    assert cadre.id in enrolled(course)


def test_a_unit_moved_into_the_subtree_brings_its_cadres(org):
    cadre = make_cadre(org.branch_b1)
    course = make_course()
    assign(course, org.ward_a)
    move_unit(org.branch_b1, org.ward_a)
    db.session.commit()
    assert cadre.id in enrolled(course)


def test_imported_cadres_are_enrolled(org):
    existing = make_cadre(org.branch_a1, code="CB-OLD")
    course = make_course()
    assign(course, org.ward_a, only_full_time=True)
    data = csv_bytes([HEADER, cadre_row("CB-NEW", unit_code="B-A1", is_full_time="có"),
                      cadre_row("CB-OLD", unit_code="B-A1", is_full_time="có"),
                      cadre_row("CB-PART", unit_code="B-A1"),
                      cadre_row("CB-FAR", unit_code="B-B1", is_full_time="có")])
    import_cadres(io.BytesIO(data), "cadres.csv")
    db.session.commit()
    codes = set(db.session.scalars(select(Cadre.code).where(
        Cadre.id.in_(enrolled(course)))))
    assert codes == {"CB-NEW", existing.code}


def test_sync_can_be_limited_to_a_subtree(org):
    course = make_course()
    assign(course, org.city)
    for code, unit in (("CB-A", org.branch_a1), ("CB-B", org.branch_b1)):
        db.session.add(Cadre(code=code, full_name=code, search_name=code.lower(),
                             unit_id=unit.id))
    db.session.flush()
    assert sync_assignments(org.ward_a.id) == 1
    assert sync_assignments(org.ward_a.id) == 0
    assert sync_assignments() == 1
    assert len(enrolled(course)) == 2


def test_withdrawal_keeps_progress_and_stops_new_enrollments(org):
    cadre = make_cadre(org.branch_a1)
    course = make_course(lessons=2)
    assignment, _ = assign(course, org.ward_a, due_date=date(2025, 6, 30))
    complete_lesson(cadre, lessons_of(course)[0])
    withdraw_assignment(assignment)
    db.session.commit()
    enrollment = enrolled(course)[cadre.id]
    assert enrollment.assignment_id == assignment.id
    assert enrollment.due_date is None  # the order no longer binds her to a date
    assert db.session.scalar(select(func.count(LessonProgress.id))) == 1
    latecomer = make_cadre(org.branch_a1)
    assert latecomer.id not in enrolled(course)
    assert assignment.withdrawn_at is not None


def test_a_new_assignment_takes_over_a_withdrawn_ones_enrollments(org):
    cadre = make_cadre(org.branch_a1)
    course = make_course()
    old, _ = assign(course, org.ward_a, due_date=date(2025, 6, 30))
    withdraw_assignment(old)
    db.session.commit()
    new, count = assign(course, org.ward_a, due_date=date(2025, 8, 31))
    assert count == 1
    enrollment = enrolled(course)[cadre.id]
    assert (enrollment.assignment_id, enrollment.due_date) == (new.id, date(2025, 8, 31))


def test_a_cadre_of_a_new_unit_in_the_subtree_is_enrolled(org):
    course = make_course()
    assign(course, org.ward_a)
    branch = create_unit("B-A2", "Chi hội mới", "branch", parent=org.ward_a)
    db.session.commit()
    assert make_cadre(branch).id in enrolled(course)


def test_an_unpublished_course_is_refused_on_the_course_field(org):
    course = make_course(is_published=False)
    with pytest.raises(DomainError) as refused:
        create_assignment(course, org.ward_a)
    assert isinstance(refused.value, CourseNotOpen)
    assert refused.value.field == "course_id"
    assert str(refused.value) == "Khóa học này không còn được xuất bản."
