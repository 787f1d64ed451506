"""Exports: the dashboard table and the missing lists as XLSX and CSV hold the same numbers
as the pages' query functions; text cells that a spreadsheet would run are escaped."""

import csv
import io

import pytest
from openpyxl import load_workbook

from lms.extensions import db
from lms.org.services import create_unit
from lms.reports.closing import close_period
from lms.reports.indicators.definitions import INDICATOR_IDS, Period
from lms.reports.indicators.unit_report import get_unit_report
from tests.conftest import login
from tests.factories import make_cadre, make_user
from tests.reports.helpers import d, in_person, online


@pytest.fixture
def trained(org):
    """W-A: 3 full-time cadres (one trained in IT + digital, one in IT), a master's key cadre
    at the city; W-B: one untrained chair under 40."""
    full = {"is_full_time": True}
    a1 = make_cadre(org.ward_a, **full)
    a2 = make_cadre(org.branch_a1, **full)
    make_cadre(org.group_a1a, **full)
    make_cadre(org.city, is_key_cadre=True, education="master")
    make_cadre(org.ward_b, is_chair=True, birth_year=1990, education="below_university")
    online(a1, "it", d("2024-02-01"))
    in_person([a1, a2], "digital", d("2024-03-01"))
    online(a2, "association", d("2024-11-30"))
    return org


def login_as(client, role, unit=None):
    make_user(f"{role}_user", role, unit=unit)
    login(client, f"{role}_user")


def xlsx_rows(response):
    workbook = load_workbook(io.BytesIO(response.data))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def csv_rows(response):
    assert response.data.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads UTF-8
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def figures_by_code(rows, header_index):
    """{unit code: [numerator, denominator, percent, target] * 5} from the data rows."""
    return {row[1]: row[2:] for row in rows[header_index + 1:]}


def expected(report):
    def flat(figures):
        return [value for ind in INDICATOR_IDS for value in
                (figures[ind].numerator, figures[ind].denominator, figures[ind].percent,
                 figures[ind].target)]
    out = {report.unit.code: flat(report.figures)}
    out.update({child.code: flat(figures) for child, figures in report.children})
    return out


def test_dashboard_xlsx_holds_the_report_numbers(client, trained):
    org = trained
    login_as(client, "organizer", org.city)
    response = client.get(f"/reports/units/{org.city.id}/indicators.xlsx?year=2024")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert 'filename=chi-tieu-HN-2024.xlsx' in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]
    rows = xlsx_rows(response)
    assert org.city.name in rows[0][0] and "2024" in rows[0][0]
    assert len(rows[1]) == 2 + 4 * len(INDICATOR_IDS)
    report = get_unit_report(org.city.id, Period(2024))
    assert figures_by_code(rows, 1) == expected(report)
    # the hand-made numbers, to be sure the report is not empty: 5 cadres, 2 trained in
    # 2024; full-time 3, of whom a1 has IT and digital
    city = figures_by_code(rows, 1)["HN"]
    assert city[0:4] == [2, 5, 40.0, 100]
    assert city[4:8] == [1, 3, 33.3, 100]
    assert [row[1] for row in rows[2:]] == ["HN", "W-A", "W-B"]


def test_dashboard_csv_and_the_half_year(client, trained):
    org = trained
    login_as(client, "organizer", org.ward_a)
    response = client.get(f"/reports/units/{org.ward_a.id}/indicators.csv?year=2024&half=1")
    assert 'filename=chi-tieu-W-A-2024-h1.csv' in response.headers["Content-Disposition"]
    rows = csv_rows(response)
    report = get_unit_report(org.ward_a.id, Period(2024, half=True))
    as_text = {code: ["" if v is None else str(v) for v in values]
               for code, values in expected(report).items()}
    assert figures_by_code(rows, 1) == as_text
    # January–June: a1 and a2 trained (02-01, 03-01); a2's 11-30 course does not matter
    assert as_text["W-A"][0:2] == ["2", "3"]


def test_a_closed_period_is_exported_as_closed(client, trained):
    org = trained
    login_as(client, "organizer", org.city)
    close_period(org.city, Period(2024), actor=None)
    db.session.commit()
    make_cadre(org.ward_b)  # after closing: must not change the closed figures
    rows = xlsx_rows(client.get(f"/reports/units/{org.city.id}/indicators.xlsx?year=2024"))
    assert len([row for row in rows[:3] if row[1] is None]) == 2  # title + "closed" note
    assert figures_by_code(rows, 2)["HN"][0:2] == [2, 5]
    assert figures_by_code(rows, 2) == expected(get_unit_report(org.city.id, Period(2024)))


@pytest.fixture
def hostile(org):
    """Cadres and a unit whose text a spreadsheet would run as a formula."""
    evil_unit = create_unit("EVIL", "=HYPERLINK(\"http://x\")", "branch", parent=org.ward_a)
    db.session.commit()
    make_cadre(org.ward_a, full_name="=CMD()", position="+1", phone="-0912")
    make_cadre(evil_unit, full_name="@SUM(A1)", position="\tTab")
    make_cadre(org.ward_a, full_name="Nguyễn Thị Bình", position="Chủ tịch")
    return org


def test_missing_csv_escapes_formula_cells(client, hostile):
    org = hostile
    login_as(client, "organizer", org.ward_a)
    response = client.get(f"/reports/units/{org.ward_a.id}/missing/annual_training.csv"
                          "?year=2024")
    assert "filename=con-thieu-annual-training-W-A-2024.csv" in \
        response.headers["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[1] == ["Mã cán bộ", "Họ và tên", "Đơn vị", "Cơ sở xã/phường", "Chức vụ",
                       "Số điện thoại", "Còn thiếu"]
    data = {row[1]: row for row in rows[2:]}
    assert set(data) == {"'=CMD()", "'@SUM(A1)", "Nguyễn Thị Bình"}
    assert data["'=CMD()"][2:6] == ["Phường Hoàn Kiếm", "Phường Hoàn Kiếm", "'+1", "'-0912"]
    assert data["'@SUM(A1)"][2:4] == ["'=HYPERLINK(\"http://x\")", "Phường Hoàn Kiếm"]
    assert data["'@SUM(A1)"][4] == "'\tTab"
    assert data["Nguyễn Thị Bình"][4] == "Chủ tịch"
    for row in rows:
        for value in row:
            assert not value.startswith(("=", "+", "-", "@", "\t")), value


def test_missing_xlsx_has_text_not_formulas_and_the_whole_list(client, hostile):
    org = hostile
    for _ in range(55):
        make_cadre(org.branch_a1)
    login_as(client, "organizer", org.ward_a)
    response = client.get(f"/reports/units/{org.ward_a.id}/missing/annual_training.xlsx"
                          "?year=2024")
    workbook = load_workbook(io.BytesIO(response.data))
    sheet = workbook.active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)
    assert "'=CMD()" in [cell.value for cell in cells]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert len(rows) == 2 + 58  # title, header, every missing cadre (not one page of 50)


def test_missing_export_matches_the_list_reasons(client, trained):
    org = trained
    login_as(client, "organizer", org.ward_a)
    rows = csv_rows(client.get(
        f"/reports/units/{org.ward_a.id}/missing/digital_training_full_time.csv?year=2024"))
    # a2 lacks IT, the group's cadre lacks both: two rows with different reasons
    assert len(rows) == 4 and rows[2][6] != rows[3][6]
