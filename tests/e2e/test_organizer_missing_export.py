"""A ward organizer on her phone opens the indicators, follows "who is missing" for the annual
training indicator, comes back and downloads the dashboard as Excel: the file opens with
openpyxl and holds the same numbers as the page's query function."""

import io

from openpyxl import load_workbook
from playwright.sync_api import expect

from lms.reports.indicators.definitions import INDICATOR_IDS, Period
from lms.reports.indicators.unit_report import get_unit_report
from tests.e2e.conftest import has_horizontal_scroll, sign_in
from tests.factories import DEFAULT_PASSWORD, make_cadre, make_user
from tests.reports.helpers import d, in_person, online


def test_organizer_finds_who_is_missing_and_exports(org, page, live_server):
    trained = make_cadre(org.ward_a, full_name="Phạm Thị Thu", is_full_time=True)
    in_branch = make_cadre(org.branch_a1, full_name="Đỗ Thị Hằng", position="Chi hội trưởng")
    missing = make_cadre(org.group_a1a, full_name="Vũ Thị Lan", position="Tổ trưởng")
    also_missing = make_cadre(org.ward_a, full_name="Ngô Thị Mai", is_full_time=True)
    make_cadre(org.ward_b, full_name="Hoàng Thị Sóc")  # another ward: never shown
    online(trained, "it", d("2024-03-01"))
    in_person([trained, in_branch], "digital", d("2024-05-20"))
    make_user("tochuc.hoankiem", role="organizer", unit=org.ward_a)
    sign_in(page, "tochuc.hoankiem", DEFAULT_PASSWORD)

    page.goto(f"/reports/units/{org.ward_a.id}?year=2024")
    annual = page.locator('[data-indicator="annual_training"] .indicator-count').first
    expect(annual).to_have_attribute("data-numerator", "2")
    expect(annual).to_have_attribute("data-denominator", "4")

    page.locator('a[href*="/missing/annual_training"]').first.click()
    expect(page).to_have_url(
        f"{live_server}/reports/units/{org.ward_a.id}/missing/annual_training?year=2024")
    rows = page.locator("table.missing-list tbody tr[data-cadre]")
    expect(rows).to_have_count(2)
    codes = {rows.nth(i).get_attribute("data-cadre") for i in range(2)}
    assert codes == {missing.code, also_missing.code}
    expect(page.locator("main")).to_contain_text("Tổ trưởng")
    expect(page.locator("main")).not_to_contain_text("Hoàng Thị Sóc")
    assert not has_horizontal_scroll(page)

    page.locator("input[name=q]").fill("lan")
    page.locator("form[role=search] button[type=submit]").click()
    expect(rows).to_have_count(1)
    assert rows.first.get_attribute("data-cadre") == missing.code

    page.go_back()
    page.go_back()
    with page.expect_download() as info:
        page.locator('a[href*="indicators.xlsx"]').first.click()
    download = info.value
    assert download.suggested_filename == "chi-tieu-W-A-2024.xlsx"
    # The saved download has no extension, which openpyxl insists on: read the bytes.
    sheet = load_workbook(io.BytesIO(download.path().read_bytes())).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    by_code = {row[1]: row[2:] for row in rows[2:]}

    report = get_unit_report(org.ward_a.id, Period(2024))
    expected = {report.unit.code: report.figures}
    expected.update({child.code: figures for child, figures in report.children})
    assert set(by_code) == set(expected) == {"W-A", "B-A1"}
    for code, figures in expected.items():
        assert by_code[code] == [value for ind in INDICATOR_IDS for value in (
            figures[ind].numerator, figures[ind].denominator, figures[ind].percent,
            figures[ind].target)], code
    assert by_code["W-A"][0:3] == [2, 4, 50.0]
