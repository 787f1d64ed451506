"""Attendance import at service level: every kind of bad cell, all or nothing, idempotence."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from lms.extensions import db
from lms.org.imports import ImportRejected
from lms.org.models import Cadre
from lms.org.services import create_unit
from lms.training.imports import ATTENDANCE_COLUMNS, import_attendance, template_file
from lms.training.models import Attendance, TrainingSession
from tests.factories import make_cadre
from tests.org.test_imports import csv_bytes, problems, xlsx_bytes

HEADER = ["session_code", "title", "track", "date", "hours", "unit_code", "cadre_code"]
VN_HEADER = ["Mã buổi", "Tên buổi tập huấn", "Lĩnh vực", "Ngày", "Số giờ", "Mã đơn vị",
             "Mã cán bộ"]


def row(cadre_code, session_code="S1", **cells):
    values = {"session_code": session_code, "title": "Tập huấn CNTT", "track": "it",
              "date": "2024-03-15", "hours": "4", "unit_code": "W-A", "cadre_code": cadre_code}
    values.update(cells)
    return [values[name] for name in HEADER]


@pytest.fixture
def cadres(org):
    """Three cadres of ward A and one of ward B."""
    return [make_cadre(org.ward_a, code="A1"), make_cadre(org.branch_a1, code="A2"),
            make_cadre(org.group_a1a, code="A3"), make_cadre(org.branch_b1, code="B1")]


def run(rows, filename="attendance.csv", scope=None, **kwargs):
    data = xlsx_bytes(rows) if filename.endswith(".xlsx") else csv_bytes(rows, **kwargs)
    return import_attendance(io.BytesIO(data), filename, scope_root_id=scope)


def state():
    """Sessions (code, title, track, date, hours, unit id) and attendance (code, cadre code)."""
    db.session.rollback()
    sessions = db.session.execute(select(
        TrainingSession.code, TrainingSession.title, TrainingSession.track,
        TrainingSession.held_on, TrainingSession.hours, TrainingSession.unit_id)
        .order_by(TrainingSession.code)).all()
    pairs = db.session.execute(select(TrainingSession.code, Cadre.code)
                               .join(Attendance, Attendance.session_id == TrainingSession.id)
                               .join(Cadre, Cadre.id == Attendance.cadre_id)
                               .order_by(TrainingSession.code, Cadre.code)).all()
    return [tuple(s) for s in sessions], [tuple(p) for p in pairs]


def test_a_good_file_creates_sessions_and_attendance(org, cadres):
    result = run([HEADER, row("A1"), row("A2"), row("A3", "S2", track="digital",
                                                    date="01/02/2024", hours="2,5",
                                                    unit_code="B-A1")], scope=org.ward_a.id)
    db.session.commit()
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    assert (result.attendees_added, result.attendees_present) == (3, 0)
    sessions, pairs = state()
    assert sessions == [
        ("S1", "Tập huấn CNTT", "it", date(2024, 3, 15), Decimal("4.0"), org.ward_a.id),
        ("S2", "Tập huấn CNTT", "digital", date(2024, 2, 1), Decimal("2.5"), org.branch_a1.id)]
    assert pairs == [("S1", "A1"), ("S1", "A2"), ("S2", "A3")]


def test_importing_the_same_file_twice_changes_nothing(org, cadres):
    rows = [HEADER, row("A1"), row("A2"), row("A2")]
    run(rows)
    db.session.commit()
    before = state()
    again = run(rows)
    db.session.commit()
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert (again.attendees_added, again.attendees_present) == (0, 2)
    assert state() == before


def test_an_existing_session_with_new_details_is_updated_and_keeps_attendees(org, cadres):
    run([HEADER, row("A1")])
    db.session.commit()
    result = run([HEADER, row("A2", title="Tập huấn CNTT nâng cao", hours="6")])
    db.session.commit()
    assert (result.created, result.updated, result.attendees_added) == (0, 1, 1)
    sessions, pairs = state()
    assert [(s[1], s[4]) for s in sessions] == [("Tập huấn CNTT nâng cao", Decimal("6.0"))]
    assert pairs == [("S1", "A1"), ("S1", "A2")]


@pytest.mark.parametrize("cells, column", [
    ({"date": "2024-13-01"}, "date"),
    ({"date": "31/02/2024"}, "date"),
    ({"date": "15.03.2024"}, "date"),
    ({"track": "cooking"}, "track"),
    ({"hours": "four"}, "hours"),
    ({"hours": "0"}, "hours"),
    ({"hours": "1.25"}, "hours"),
    ({"hours": "1,000"}, "hours"),
    ({"hours": "1.000"}, "hours"),
    ({"hours": "2,5,1"}, "hours"),
    ({"unit_code": "NOPE"}, "unit_code"),
    ({"cadre_code": "NOPE"}, "cadre_code"),
    ({"title": ""}, "title"),
])
def test_each_kind_of_bad_cell_is_reported_and_nothing_is_written(org, cadres, cells, column):
    with pytest.raises(ImportRejected) as rejected:
        run([HEADER, row("A1"), row(cells.pop("cadre_code", "A2"), "S2", **cells)])
    assert problems(rejected) == [(3, column)]
    assert state() == ([], [])


def test_rows_outside_the_organizers_subtree_are_refused(org, cadres):
    with pytest.raises(ImportRejected) as rejected:
        run([HEADER, row("A1"), row("B1"), row("A2", "S2", unit_code="W-B")],
            scope=org.ward_a.id)
    assert problems(rejected) == [(3, "cadre_code"), (4, "unit_code")]
    assert state() == ([], [])
    # An admin (no scope) may record both.
    run([HEADER, row("A1"), row("B1"), row("A2", "S2", unit_code="W-B")])
    db.session.commit()
    assert len(state()[1]) == 3


def test_an_existing_session_of_another_ward_cannot_be_touched(org, cadres):
    run([HEADER, row("B1", unit_code="W-B")])
    db.session.commit()
    with pytest.raises(ImportRejected) as rejected:
        run([HEADER, row("A1", unit_code="W-A")], scope=org.ward_a.id)
    assert problems(rejected) == [(2, "session_code")]


def test_conflicting_session_details_across_rows_are_each_reported(org, cadres):
    with pytest.raises(ImportRejected) as rejected:
        run([HEADER, row("A1"), row("A2", title="Khác", date="16/03/2024"),
             row("A3", date="15/03/2024")])
    # Row 4 writes the same date the other way: not a conflict.
    assert problems(rejected) == [(3, "title"), (3, "date")]
    assert state() == ([], [])


def test_every_bad_row_is_reported_at_once(org, cadres):
    with pytest.raises(ImportRejected) as rejected:
        run([HEADER, row("A1", hours="x"), row("A2"), row("NOPE", track="?")])
    assert problems(rejected) == [(2, "hours"), (4, "track"), (4, "cadre_code")]


def test_vietnamese_headers_labels_bom_and_both_date_formats(org, cadres):
    rows = [VN_HEADER, row("A1", track="Công nghệ thông tin", date="15/03/2024"),
            row("A2", track="cong nghe thong tin", date="2024-03-15"),
            row("A3", "S2", track="Chuyển đổi số"),
            row("A1", "S3", track="Kỹ năng, nghiệp vụ công tác Hội")]
    run(rows, bom=True)
    db.session.commit()
    sessions, pairs = state()
    assert [(s[0], s[2], s[3]) for s in sessions] == [
        ("S1", "it", date(2024, 3, 15)), ("S2", "digital", date(2024, 3, 15)),
        ("S3", "association", date(2024, 3, 15))]
    assert len(pairs) == 4


def test_xlsx_with_real_date_and_number_cells(org, cadres):
    rows = [HEADER, ["S1", "Tập huấn", "it", date(2024, 3, 15), 3.5, "W-A", "A1"],
            ["S1", "Tập huấn", "it", "15/03/2024", "3.5", "W-A", "A2"]]
    result = run(rows, filename="attendance.xlsx")
    db.session.commit()
    assert result.created == 1 and result.attendees_added == 2
    assert state()[0][0][3:5] == (date(2024, 3, 15), Decimal("3.5"))


def test_a_missing_required_column_stops_the_import(org, cadres):
    with pytest.raises(ImportRejected) as rejected:
        run([HEADER[:-1], row("A1")[:-1]])
    assert problems(rejected) == [(1, "cadre_code")]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_templates_have_every_column_and_import_cleanly(org, fmt):
    hk = create_unit("00070", "Hội LHPN Phường Hoàn Kiếm", "commune", parent=org.city)
    db.session.commit()
    data, mimetype = template_file(fmt)
    if fmt == "csv":
        assert data.startswith(b"\xef\xbb\xbf") and mimetype.startswith("text/csv")
        header = data.decode("utf-8-sig").splitlines()[0].split(",")
    else:
        sheet = load_workbook(io.BytesIO(data)).active
        header = [cell.value for cell in sheet[1]]
    assert header == [column.label for column in ATTENDANCE_COLUMNS] == VN_HEADER
    make_cadre(hk, code="HN000072")
    make_cadre(hk, code="HN000078")
    result = import_attendance(io.BytesIO(data), f"mau.{fmt}")
    assert (result.created, result.attendees_added) == (1, 2)
    assert db.session.scalar(select(func.count(Attendance.id))) == 2
