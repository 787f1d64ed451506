"""Recording sessions and attendance at service level: codes, idempotence, scope."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import event, func, select

from lms.core.errors import DomainError
from lms.extensions import db
from lms.training.models import Attendance
from lms.training.queries import count_attendees, get_attendance, search_cadres, session_list_query
from lms.training.records import training_records
from lms.training.services import (
    OutOfScope,
    add_attendees,
    create_session,
    remove_attendee,
)
from tests.factories import make_cadre, make_session, make_user


def attendance_count():
    return db.session.scalar(select(func.count(Attendance.id)))




def test_a_session_gets_a_generated_code_and_its_fields(org):
    actor = make_user("org_a", role="organizer", unit=org.ward_a)
    session = make_session(org.branch_a1, actor=actor, hours=Decimal("3.5"),
                           scope_root_id=org.ward_a.id)
    assert session.code.startswith("TH-20240315-") and len(session.code) == len("TH-20240315-") + 6
    assert (session.track, session.held_on, session.hours, session.unit_id,
            session.created_by_id) == ("digital", date(2024, 3, 15), Decimal("3.5"),
                                       org.branch_a1.id, actor.id)
    other = make_session(org.branch_a1)
    assert other.code != session.code


def test_a_session_for_a_unit_outside_the_scope_is_refused(org):
    with pytest.raises(OutOfScope):
        create_session("x", "it", date(2024, 1, 1), 2, org.ward_b, scope_root_id=org.ward_a.id)


def test_adding_attendees_is_idempotent(org):
    session = make_session(org.ward_a)
    first, second = make_cadre(org.branch_a1), make_cadre(org.group_a1a)
    assert add_attendees(session, [first.id], scope_root_id=org.ward_a.id) == 1
    db.session.commit()
    assert add_attendees(session, [first.id, second.id, second.id],
                         scope_root_id=org.ward_a.id) == 1
    db.session.commit()
    assert add_attendees(session, [first.id, second.id]) == 0
    assert attendance_count() == 2
    assert [row.cadre_id for row in get_attendance(session.id)] == sorted(
        [first.id, second.id], key=lambda cid: db.session.get(type(first), cid).search_name)


def test_a_cadre_added_by_someone_else_meanwhile_is_skipped_not_a_failure(org):
    session = make_session(org.ward_a)
    first, second = make_cadre(org.branch_a1), make_cadre(org.branch_a1)

    # Another organizer's insert lands between the check for present cadres and ours.
    raced = []

    def concurrent_insert(_conn, cursor, statement, *_args):
        if not raced and statement.lstrip().upper().startswith("INSERT INTO ATTENDANCE"):
            raced.append(statement)
            cursor.execute("INSERT INTO attendance (session_id, cadre_id) "
                           f"VALUES ({session.id}, {first.id})")

    event.listen(db.engine, "before_cursor_execute", concurrent_insert)
    try:
        add_attendees(session, [first.id, second.id], scope_root_id=org.ward_a.id)
    finally:
        event.remove(db.engine, "before_cursor_execute", concurrent_insert)
    db.session.commit()
    assert raced
    assert sorted(row.cadre_id for row in get_attendance(session.id)) == [first.id, second.id]
    assert attendance_count() == 2


def test_a_cadre_outside_the_scope_refuses_the_whole_batch(org):
    session = make_session(org.ward_a)
    mine, theirs = make_cadre(org.branch_a1), make_cadre(org.branch_b1)
    with pytest.raises(OutOfScope):
        add_attendees(session, [mine.id, theirs.id], scope_root_id=org.ward_a.id)
    db.session.rollback()
    with pytest.raises(OutOfScope):
        add_attendees(session, [999_999])
    assert attendance_count() == 0


def test_removing_an_attendee(org):
    session = make_session(org.ward_a)
    cadre = make_cadre(org.ward_a)
    add_attendees(session, [cadre.id])
    db.session.commit()
    assert remove_attendee(session, cadre.id) is True
    assert remove_attendee(session, cadre.id) is False
    db.session.commit()
    assert attendance_count() == 0


def test_attendance_counts_as_a_training_record(org):
    session = make_session(org.ward_a, track="it", hours=Decimal("2.5"))
    cadre = make_cadre(org.ward_a)
    add_attendees(session, [cadre.id])
    db.session.commit()
    records = training_records()
    rows = db.session.execute(select(records.c.cadre_id, records.c.track, records.c.hours,
                                     records.c.done_on, records.c.kind)).all()
    assert [tuple(row) for row in rows] == [(cadre.id, "it", Decimal("2.5"), date(2024, 3, 15),
                                             "in_person")]


def test_the_list_is_scoped_newest_first_with_counts(org):
    old = make_session(org.ward_a, held_on=date(2023, 5, 1))
    new = make_session(org.branch_a1, held_on=date(2024, 5, 1))
    make_session(org.ward_b)
    add_attendees(new, [make_cadre(org.ward_a).id, make_cadre(org.ward_a).id])
    db.session.commit()
    sessions = list(db.session.scalars(session_list_query(org.ward_a.id)))
    assert [s.id for s in sessions] == [new.id, old.id]
    assert count_attendees([old.id, new.id]) == {old.id: 0, new.id: 2}
    assert len(list(db.session.scalars(session_list_query(None)))) == 3


def test_the_cadre_search_ignores_diacritics_and_stays_in_scope(org):
    hang = make_cadre(org.branch_a1, full_name="Đỗ Thị Hằng", phone="0981000001")
    make_cadre(org.branch_b1, full_name="Đỗ Thị Hằng B")
    assert search_cadres(org.ward_a.id, "do thi hang") == ([hang], 1)
    assert search_cadres(org.ward_a.id, "0981000001") == ([hang], 1)
    assert search_cadres(org.ward_a.id, hang.code) == ([hang], 1)
    assert search_cadres(org.ward_a.id, "  ") == ([], 0)
    # More than shown: the first ones by name, and how many match in all.
    for n in range(4):
        make_cadre(org.group_a1a, full_name=f"Đỗ Thị Hằng {n}")
    found, total = search_cadres(org.ward_a.id, "do thi hang", limit=3)
    assert [c.full_name for c in found] == ["Đỗ Thị Hằng", "Đỗ Thị Hằng 0", "Đỗ Thị Hằng 1"]
    assert total == 5


def test_a_unit_not_found_in_the_scope_is_refused_on_the_unit_field(org):
    # The view looks the typed code up in the organizer's scope: not found is None.
    for unit, root_id in ((None, org.ward_a.id), (org.ward_b, org.ward_a.id)):
        with pytest.raises(DomainError) as refused:
            create_session("x", "it", date(2024, 1, 1), 2, unit, scope_root_id=root_id)
        assert isinstance(refused.value, OutOfScope)
        assert refused.value.field == "unit_code"
        assert str(refused.value) == "Hãy nhập mã một đơn vị thuộc phạm vi bạn quản lý."
