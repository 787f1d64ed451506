"""Unit and cadre imports at service level: parsing, checks, all-or-nothing, updates (reading
the files themselves: tests/core/test_spreadsheets_reader.py)."""

import io
from datetime import date

import pytest
from flask_babel import force_locale
from openpyxl import load_workbook
from sqlalchemy import func, select

from lms.core.models import AuditLog
from lms.extensions import db
from lms.org.imports import ImportRejected, import_cadres, import_units, template_file
from lms.org.models import Cadre, CadreUnitHistory, Unit
from lms.org.queries import subtree_ids
from lms.org.services import create_unit
from tests.core.test_spreadsheets_reader import csv_bytes, xlsx_bytes
from tests.factories import make_cadre

HEADER = ["code", "full_name", "birth_year", "phone", "email", "unit_code", "position",
          "is_full_time", "is_key_cadre", "is_department_leader", "is_chair", "education",
          "active"]
UNIT_HEADER = ["code", "name", "parent_code", "kind"]


def cadre_row(code="CB1", **cells):
    values = {"code": code, "full_name": "Nguyễn Thị Hoa", "birth_year": "1985",
              "phone": "", "email": "", "unit_code": "W-A", "position": "Chi hội trưởng",
              "is_full_time": "", "is_key_cadre": "", "is_department_leader": "",
              "is_chair": "", "education": "đại học", "active": ""}
    values.update(cells)
    return [values[name] for name in HEADER]


def problems(rejected):
    """(row, column) of every error, in report order."""
    return [(error.row, error.column) for error in rejected.value.errors]


def messages(rejected):
    with force_locale("en"):
        return [str(error.message) for error in rejected.value.errors]


def cadre(code):
    return db.session.scalar(select(Cadre).where(Cadre.code == code))


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


# --- cadres: a good file -------------------------------------------------------------


def test_new_cadres_are_created_with_parsed_fields_and_history(org):
    rows = [HEADER,
            cadre_row("CB1", full_name="  Trần   Thị  Lan ", phone="+84 912.345.678",
                      email="lan@example.vn", is_chair="có", education="Thạc sỹ"),
            cadre_row("CB2", unit_code="G-A1A", birth_year="", active="không")]
    result = import_cadres(rows, "cadres.csv", scope_root_id=org.ward_a.id)
    db.session.commit()
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    lan = cadre("CB1")
    assert (lan.full_name, lan.search_name, lan.phone, lan.email) == (
        "Trần Thị Lan", "tran thi lan", "0912345678", "lan@example.vn")
    assert (lan.unit_id, lan.birth_year, lan.is_chair, lan.is_full_time, lan.education,
            lan.is_active) == (org.ward_a.id, 1985, True, False, "master", True)
    second = cadre("CB2")
    assert (second.birth_year, second.is_active, second.unit_id) == (None, False,
                                                                    org.group_a1a.id)
    history = db.session.scalars(select(CadreUnitHistory).order_by(CadreUnitHistory.id)).all()
    assert [(h.cadre_id, h.unit_id, h.ended_at, h.reason) for h in history] == [
        (lan.id, org.ward_a.id, None, "import"), (second.id, org.group_a1a.id, None, "import")]
    assert db.session.scalar(select(AuditLog.action)) == "cadre.import"


def test_reimporting_the_same_file_changes_nothing(org):
    data = csv_bytes([HEADER, cadre_row("CB1"), cadre_row("CB2", phone="0987654321")])
    import_cadres(io.BytesIO(data), "cadres.csv")
    db.session.commit()
    before = (count(CadreUnitHistory), count(AuditLog))
    result = import_cadres(io.BytesIO(data), "cadres.csv")
    assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
    assert (count(CadreUnitHistory), count(AuditLog)) == before


def test_rows_update_by_code_and_absent_columns_are_kept(org):
    make_cadre(org.ward_a, code="CB1", phone="0911111111", is_key_cadre=True,
               education="master")
    rows = [["code", "full_name", "unit_code", "birth_year"],
            ["CB1", "Nguyễn Thị Hoa Mới", "W-A", "1979"]]
    result = import_cadres(rows, "cadres.csv")
    db.session.commit()
    assert (result.created, result.updated) == (0, 1)
    updated = cadre("CB1")
    assert (updated.full_name, updated.search_name, updated.birth_year) == (
        "Nguyễn Thị Hoa Mới", "nguyen thi hoa moi", 1979)
    assert (updated.phone, updated.is_key_cadre, updated.education) == (
        "0911111111", True, "master")


def test_changing_unit_code_moves_the_cadre_and_keeps_history(org):
    moved = make_cadre(org.ward_a, code="CB1")
    result = import_cadres([["code", "full_name", "unit_code"],
                            ["CB1", moved.full_name, "B-A1"]], "cadres.csv")
    db.session.commit()
    assert result.updated == 1
    history = db.session.scalars(select(CadreUnitHistory).where(
        CadreUnitHistory.cadre_id == moved.id).order_by(CadreUnitHistory.id)).all()
    assert [(h.unit_id, h.ended_at is None, h.reason) for h in history] == [
        (org.ward_a.id, False, "created"), (org.branch_a1.id, True, "import")]
    assert cadre("CB1").unit_id == org.branch_a1.id


# --- cadres: bad cells and all or nothing --------------------------------------------


@pytest.mark.parametrize(("column", "value"), [
    ("code", ""),
    ("full_name", ""),
    ("birth_year", "85"),
    ("birth_year", "1920"),
    ("birth_year", str(date.today().year - 5)),
    ("birth_year", "năm 80"),
    ("phone", "12345"),
    ("phone", "0912 345 abc"),
    ("phone", "091234567890"),
    ("email", "hoa@"),
    ("email", "hoa at example.vn"),
    ("unit_code", ""),
    ("unit_code", "NOPE"),
    ("is_chair", "maybe"),
    ("is_full_time", "2"),
    ("education", "giáo sư"),
    ("active", "đôi khi"),
])
def test_each_bad_cell_is_reported_with_its_row_and_column(org, column, value):
    rows = [HEADER, cadre_row("CB1"),
            cadre_row(**{"code": "CB2", "phone": "0900000002", column: value})]
    with pytest.raises(ImportRejected) as rejected:
        import_cadres(rows, "cadres.csv")
    assert problems(rejected) == [(3, column)]


def test_one_bad_row_writes_nothing_and_all_problems_are_listed(org):
    rows = [HEADER, cadre_row("CB1"), cadre_row("CB2", birth_year="19"),
            cadre_row("CB3"), cadre_row("CB4", email="x", unit_code="NOPE")]
    with pytest.raises(ImportRejected) as rejected:
        import_cadres(rows, "cadres.csv")
    db.session.rollback()
    assert problems(rejected) == [(3, "birth_year"), (5, "email"), (5, "unit_code")]
    assert (count(Cadre), count(CadreUnitHistory), count(AuditLog)) == (0, 0, 0)


def test_duplicates_within_the_file_point_to_the_first_row(org):
    rows = [HEADER, cadre_row("CB1", phone="0912345678"), cadre_row("CB2"),
            cadre_row("CB1"), cadre_row("CB3", phone="0912.345.678")]
    with pytest.raises(ImportRejected) as rejected:
        import_cadres(rows, "cadres.csv")
    assert problems(rejected) == [(4, "code"), (5, "phone")]
    assert messages(rejected) == ["The code CB1 is also on row 2.",
                                  "The phone number 0912345678 is also on row 2."]


def test_a_phone_used_by_another_cadre_is_refused_but_a_swap_in_the_file_is_not(org):
    make_cadre(org.ward_a, code="OLD1", phone="0911111111")
    make_cadre(org.ward_a, code="OLD2", phone="0922222222")
    with pytest.raises(ImportRejected) as rejected:
        import_cadres([HEADER, cadre_row("NEW", phone="0911111111")], "cadres.csv")
    assert problems(rejected) == [(2, "phone")]
    swap = [HEADER, cadre_row("OLD1", phone="0922222222"),
            cadre_row("OLD2", phone="0911111111")]
    assert import_cadres(swap, "cadres.csv").updated == 2


def test_missing_required_columns_are_reported_once_and_unknown_columns_too(org):
    rows = [["full_name", "birth_year", "Ghi chú"], ["Hoa", "1980", "x"], ["Lan", "1981", ""]]
    with pytest.raises(ImportRejected) as rejected:
        import_cadres(rows, "cadres.csv")
    assert problems(rejected) == [(1, "Ghi chú"), (1, "code"), (1, "unit_code")]


def test_an_organizer_cannot_import_into_or_take_cadres_from_another_ward(org):
    make_cadre(org.ward_b, code="B-CADRE")
    rows = [HEADER, cadre_row("CB1"), cadre_row("CB2", unit_code="B-B1"),
            cadre_row("B-CADRE", unit_code="W-A")]
    with pytest.raises(ImportRejected) as rejected:
        import_cadres(rows, "cadres.csv", scope_root_id=org.ward_a.id)
    assert problems(rejected) == [(3, "unit_code"), (4, "code")]
    assert import_cadres(rows[:3], "cadres.csv").created == 2  # an admin may


def test_an_inactive_unit_cannot_receive_cadres(org):
    org.branch_b1.is_active = False
    db.session.commit()
    with pytest.raises(ImportRejected) as rejected:
        import_cadres([HEADER, cadre_row("CB1", unit_code="B-B1")], "cadres.csv")
    assert problems(rejected) == [(2, "unit_code")]


# --- cadres: file formats and spellings ----------------------------------------------


def test_xlsx_numbers_become_the_same_values_as_csv_text(org):
    row = cadre_row("CB1")
    row[HEADER.index("birth_year")] = 1985
    row[HEADER.index("phone")] = 912345678  # Excel dropped the leading zero
    import_cadres(io.BytesIO(xlsx_bytes([HEADER, row])), "cadres.xlsx")
    db.session.commit()
    assert (cadre("CB1").birth_year, cadre("CB1").phone) == (1985, "0912345678")
    again = csv_bytes([HEADER, cadre_row("CB1", phone="0912345678")])
    assert import_cadres(io.BytesIO(again), "cadres.csv").unchanged == 1


def test_vietnamese_headers_are_accepted_in_any_case_and_without_accents(org):
    header = ["MÃ CÁN BỘ", "ho va ten", "Năm sinh", "Số điện thoại", "Email", "Mã đơn vị",
              "Chức vụ", "Chuyên trách", "chu chot", "Lãnh đạo ban", "Chủ tịch", "Trình độ",
              "Đang hoạt động"]
    import_cadres([header, cadre_row("CB1", is_key_cadre="x")], "cadres.csv")
    assert cadre("CB1").is_key_cadre is True


@pytest.mark.parametrize(("cell", "expected"), [
    ("1", True), ("x", True), ("X", True), ("yes", True), ("Có", True), ("co", True),
    ("0", False), ("", False), ("no", False), ("không", False), ("KHONG", False),
])
def test_yes_no_spellings(org, cell, expected):
    import_cadres([HEADER, cadre_row("CB1", is_full_time=cell)], "cadres.csv")
    assert cadre("CB1").is_full_time is expected


@pytest.mark.parametrize(("cell", "expected"), [("", True), ("có", True), ("0", False)])
def test_an_empty_active_cell_means_active(org, cell, expected):
    import_cadres([HEADER, cadre_row("CB1", active=cell)], "cadres.csv")
    assert cadre("CB1").is_active is expected


@pytest.mark.parametrize(("cell", "expected"), [
    ("Dưới đại học", "below_university"), ("below_university", "below_university"),
    ("ĐẠI HỌC", "university"), ("dai hoc", "university"), ("Thạc sĩ", "master"),
    ("thac sy", "master"), ("Tiến sỹ", "doctorate"), ("doctorate", "doctorate"),
])
def test_education_keys_and_labels(org, cell, expected):
    import_cadres([HEADER, cadre_row("CB1", education=cell)], "cadres.csv")
    assert cadre("CB1").education == expected


# --- templates -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_cadre_template_imports_as_it_is(org, fmt):
    create_unit("00070-CH01", "Chi hội Tổ dân phố số 1", "branch", parent=org.ward_a)
    data, _mimetype = template_file("cadres", fmt)
    assert import_cadres(io.BytesIO(data), f"mau.{fmt}").created == 1


def test_the_unit_template_has_vietnamese_headers():
    sheet = load_workbook(io.BytesIO(template_file("units", "xlsx")[0])).active
    assert [cell.value for cell in sheet[1]] == ["Mã đơn vị", "Tên đơn vị",
                                                  "Mã đơn vị cấp trên", "Cấp"]


# --- units ---------------------------------------------------------------------------


def unit(code):
    return db.session.scalar(select(Unit).where(Unit.code == code))


def subtree_codes(code):
    return sorted(db.session.scalars(select(Unit.code).where(
        Unit.id.in_(subtree_ids(unit(code).id)))))


def test_units_are_created_whatever_the_order_of_parents_and_children(org):
    rows = [UNIT_HEADER, ["G-NEW", "Tổ phụ nữ 9", "B-NEW", "Tổ phụ nữ"],
            ["B-NEW", "Chi hội Mới", "W-NEW", "Chi hội"],
            ["W-NEW", "Phường Mới", "HN", "Cơ sở xã/phường"]]
    result = import_units(rows, "units.csv")
    db.session.commit()
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    assert subtree_codes("W-NEW") == ["B-NEW", "G-NEW", "W-NEW"]
    assert (unit("G-NEW").depth, unit("G-NEW").kind, unit("W-NEW").kind) == (3, "group",
                                                                             "commune")
    assert import_units(rows, "units.csv").unchanged == 3


@pytest.mark.parametrize(("label", "kind"), [
    ("Thành hội", "city"), ("quận/huyện", "district"), ("CƠ SỞ XÃ/PHƯỜNG", "commune"),
    ("xã", "commune"), ("Phường", "commune"), ("chi hoi", "branch"), ("Tổ phụ nữ", "group"),
    ("branch", "branch"),
])
def test_unit_level_labels(org, label, kind):
    import_units([UNIT_HEADER, ["NEW", "Đơn vị mới", "HN", label]], "units.csv")
    assert unit("NEW").kind == kind


def test_a_changed_parent_moves_the_unit_with_its_subtree(org):
    rows = [UNIT_HEADER, ["B-A1", "Chi hội Tổ dân phố 1 (mới)", "W-B", "Chi hội"]]
    result = import_units(rows, "units.csv")
    db.session.commit()
    assert result.updated == 1
    assert subtree_codes("W-B") == ["B-A1", "B-B1", "G-A1A", "W-B"]
    assert subtree_codes("W-A") == ["W-A"]
    assert (unit("B-A1").name, unit("G-A1A").depth) == ("Chi hội Tổ dân phố 1 (mới)", 3)


def test_a_loop_of_parents_is_an_error_even_through_the_database(org):
    rows = [UNIT_HEADER, ["W-A", "Phường Hoàn Kiếm", "G-A1A", "Cơ sở xã/phường"],
            ["X1", "X1", "X2", "Tổ phụ nữ"], ["X2", "X2", "X1", "Tổ phụ nữ"],
            ["X3", "X3", "X3", "Tổ phụ nữ"]]
    with pytest.raises(ImportRejected) as rejected:
        import_units(rows, "units.csv")
    assert problems(rejected) == [(2, "parent_code"), (3, "parent_code"), (4, "parent_code"),
                                  (5, "parent_code")]
    assert count(Unit) == 6


def test_unit_rows_are_checked_cell_by_cell(org):
    rows = [UNIT_HEADER, ["", "Không mã", "HN", "xã"], ["U1", "", "HN", "xã"],
            ["U2", "Đơn vị 2", "NOPE", "xã"], ["U3", "Đơn vị 3", "HN", "tỉnh"],
            ["U2", "Đơn vị 2 lặp", "HN", "xã"], ["W-A", "Phường", "", "xã"]]
    with pytest.raises(ImportRejected) as rejected:
        import_units(rows, "units.csv")
    assert problems(rejected) == [(2, "code"), (3, "name"), (4, "parent_code"), (5, "kind"),
                                  (6, "code"), (7, "parent_code")]


def test_an_organizer_imports_units_only_inside_her_subtree(org):
    rows = [UNIT_HEADER, ["B-A2", "Chi hội 2", "W-A", "Chi hội"],
            ["B-X", "Chi hội X", "W-B", "Chi hội"],
            ["W-A", "Phường Hoàn Kiếm", "W-B", "Cơ sở xã/phường"],
            ["B-B1", "Chi hội Thôn Đông", "W-A", "Chi hội"],
            ["ROOT2", "Gốc mới", "", "Thành hội"]]
    with pytest.raises(ImportRejected) as rejected:
        import_units(rows, "units.csv", scope_root_id=org.ward_a.id)
    assert problems(rejected) == [(3, "parent_code"), (4, "parent_code"), (5, "code"),
                                  (6, "parent_code")]
    ok = [UNIT_HEADER, ["W-A", "Phường Hoàn Kiếm mới", "HN", "xã"],
          ["B-A2", "Chi hội 2", "W-A", "Chi hội"]]
    result = import_units(ok, "units.csv", scope_root_id=org.ward_a.id)
    assert (result.created, result.updated) == (1, 1)
