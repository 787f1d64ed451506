"""A ward organizer imports her cadres: a file with mistakes is refused row by row and writes
nothing; the corrected file goes in and its cadres show in the cadre list."""

from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tests.factories import DEFAULT_PASSWORD, make_user

HEADER = ("code,full_name,birth_year,phone,email,unit_code,position,is_full_time,is_key_cadre,"
          "is_department_leader,is_chair,education,active")

# Spreadsheet rows: the header is row 1, so these are rows 2, 3 and 4.
FILE_WITH_MISTAKES = [
    "IMP001,Phạm Thị Ngọc Ánh,1979,0981000001,,B-A1,Chi hội trưởng,no,no,no,no,university,yes",
    "IMP002,Đỗ Thị Hằng,19x5,0981000002,,B-A1,Chi hội phó,no,no,no,no,below_university,yes",
    "IMP003,Vũ Thị Lan,1990,0981000003,,NO-SUCH-UNIT,Tổ trưởng,no,no,no,no,university,yes",
]
CORRECTED_FILE = [
    "IMP002,Đỗ Thị Hằng,1985,0981000002,,B-A1,Chi hội phó,no,no,no,no,below_university,yes",
    "IMP003,Vũ Thị Lan,1990,0981000003,,G-A1A,Tổ trưởng,no,no,no,no,university,yes",
]


def _upload(page, rows):
    page.goto("/org/import/cadres")
    form = page.locator("form:has(input[name=file])")
    form.locator("input[name=file]").set_input_files(files={
        "name": "can-bo.csv", "mimeType": "text/csv",
        "buffer": "\n".join([HEADER, *rows]).encode("utf-8")})
    form.locator("button[type=submit]").click()


def _error_row_numbers(errors):
    """The row numbers in the first cell of each row of the error table."""
    cells = errors.locator("tbody tr > :first-child").all_inner_texts()
    return {int(text) for text in (cell.strip() for cell in cells) if text.isdigit()}


def test_organizer_fixes_an_import_and_finds_her_cadres(org, page, live_server):
    make_user("tochuc.hoankiem", role="organizer", unit=org.ward_a)
    sign_in(page, "tochuc.hoankiem", DEFAULT_PASSWORD)

    _upload(page, FILE_WITH_MISTAKES)
    errors = page.locator("table.import-errors")
    expect(errors).to_be_visible()
    assert _error_row_numbers(errors) == {3, 4}

    _upload(page, CORRECTED_FILE)
    expect(page).to_have_url(f"{live_server}/org/cadres")
    cadre_list = page.locator("main")
    expect(cadre_list).to_contain_text("Đỗ Thị Hằng")
    expect(cadre_list).to_contain_text("Vũ Thị Lan")
    # The refused file wrote nothing, not even its good row.
    expect(cadre_list).not_to_contain_text("Phạm Thị Ngọc Ánh")
