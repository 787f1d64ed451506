"""The organizer's import pages: scope, error table, redirects, templates, protection."""

import io
import re
import time

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from lms.extensions import db
from lms.org.models import Cadre, Unit
from tests.conftest import csrf_token_from, login, post_form
from tests.core.test_spreadsheets_reader import ODS_FIXTURE, xlsx_bomb
from tests.factories import make_user
from tests.org.test_imports import HEADER, UNIT_HEADER, cadre_row, csv_bytes

CADRES_URL = "/org/import/cadres"
UNITS_URL = "/org/import/units"


def upload(client, url, data, filename, **kwargs):
    return post_form(client, url, {"file": (io.BytesIO(data), filename)},
                     content_type="multipart/form-data", **kwargs)


def cadre_count():
    return db.session.scalar(select(func.count(Cadre.id)))


def error_rows(html):
    """(row, column, problem) cells of the error table."""
    table = re.search(r'<table class="stack import-errors">(.*?)</table>', html, re.S).group(1)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)
    return [tuple(cells[i:i + 3]) for i in range(0, len(cells), 3)]


def test_the_page_offers_the_form_and_both_templates(organizer_a):
    html = organizer_a.get(CADRES_URL).get_data(as_text=True)
    assert 'type="file"' in html and 'name="file"' in html and 'type="submit"' in html
    assert "/org/import/template/cadres.xlsx" in html
    assert "/org/import/template/cadres.csv" in html


def test_a_good_file_is_imported_and_redirects_to_the_cadre_list(organizer_a):
    data = csv_bytes([HEADER, cadre_row("CB1"), cadre_row("CB2", unit_code="G-A1A")], bom=True)
    response = upload(organizer_a, CADRES_URL, data, "cadres.csv")
    # The file is imported by a job; its page sends her on once it is done.
    assert response.status_code == 302
    assert "/org/import/jobs/" in response.headers["Location"]
    response = organizer_a.get(response.headers["Location"])
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/org/cadres")
    assert cadre_count() == 2
    with organizer_a.session_transaction() as session:
        [(category, message)] = session["_flashes"]
    assert category == "success" and "2" in message


def test_a_row_in_another_ward_rejects_the_whole_file(organizer_a):
    data = csv_bytes([HEADER, cadre_row("CB1"), cadre_row("CB2", unit_code="W-B"),
                      cadre_row("CB3", unit_code="B-B1", birth_year="19")])
    response = upload(organizer_a, CADRES_URL, data, "cadres.csv", follow_redirects=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    rows = error_rows(html)
    assert [(row, column) for row, column, _problem in rows] == [
        ("3", "Mã đơn vị"), ("4", "Năm sinh"), ("4", "Mã đơn vị")]
    assert "W-B" in rows[0][2]
    assert "cadres.csv" in html
    assert cadre_count() == 0


def test_a_file_that_is_not_really_excel_gets_a_clear_message(organizer_a):
    response = upload(organizer_a, CADRES_URL, b"code,full_name\n", "cadres.xlsx",
                      follow_redirects=True)
    html = response.get_data(as_text=True)
    assert error_rows(html) == [("—", "—", error_rows(html)[0][2])]
    assert "cadres.xlsx" in error_rows(html)[0][2]


def test_an_overlong_csv_cell_is_shown_with_its_row_and_column(organizer_a):
    data = csv_bytes([HEADER, cadre_row("CB1"), cadre_row("CB2", full_name="Hoa" * 50_000)])
    response = upload(organizer_a, CADRES_URL, data, "cadres.csv", follow_redirects=True)
    assert response.status_code == 200
    assert error_rows(response.get_data(as_text=True)) == [
        ("3", "Họ và tên", "Ô quá dài: 150000 ký tự, tối đa 131072 ký tự.")]
    assert cadre_count() == 0


def test_a_zip_bomb_gets_a_message_at_once_and_writes_nothing(organizer_a, tmp_path):
    path = tmp_path / "can-bo.xlsx"
    # 400 MiB unpacked in 420 KB: the test client would spool a body over 500 KB to a
    # temporary file that it never closes.
    path.write_bytes(xlsx_bomb(400))
    started = time.perf_counter()
    response = upload(organizer_a, CADRES_URL, path.read_bytes(), path.name,
                      follow_redirects=True)
    assert time.perf_counter() - started < 0.5
    assert response.status_code == 200
    [(row, column, problem)] = error_rows(response.get_data(as_text=True))
    assert (row, column) == ("—", "—")
    assert "can-bo.xlsx" in problem and "quá lớn khi giải nén" in problem
    assert cadre_count() == 0


def test_a_libreoffice_sheet_is_read_and_its_problems_shown_by_row(organizer_a):
    response = upload(organizer_a, CADRES_URL, ODS_FIXTURE.read_bytes(), "can-bo.ods",
                      follow_redirects=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'class="field has-error"' not in html  # the form let .ods through
    problems = [(row, column) for row, column, _problem in error_rows(html)]
    assert ("6", "Năm sinh") in problems  # the sheet's own row number
    assert cadre_count() == 0


def test_only_csv_xlsx_and_ods_files_are_accepted(organizer_a):
    response = upload(organizer_a, CADRES_URL, b"whatever", "cadres.pdf")
    assert response.status_code == 200
    assert 'class="field has-error"' in response.get_data(as_text=True)


def test_an_upload_over_the_size_limit_is_refused(organizer_a, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 2000)
    data = csv_bytes([HEADER] + [cadre_row(f"CB{i}") for i in range(100)])
    assert upload(organizer_a, CADRES_URL, data, "cadres.csv").status_code == 413
    assert cadre_count() == 0


def test_units_import_redirects_to_the_organizers_unit(organizer_a):
    data = csv_bytes([UNIT_HEADER, ["B-A2", "Chi hội Tổ dân phố 2", "W-A", "Chi hội"]])
    response = upload(organizer_a, UNITS_URL, data, "units.csv")
    # The file is imported by a job; its page sends her on once it is done.
    assert response.status_code == 302
    assert "/org/import/jobs/" in response.headers["Location"]
    response = organizer_a.get(response.headers["Location"])
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/org/units")
    assert db.session.scalar(select(Unit).where(Unit.code == "B-A2")).parent_id is not None


@pytest.mark.parametrize(("path", "mimetype"), [
    ("/org/import/template/cadres.csv", "text/csv"),
    ("/org/import/template/units.xlsx", "application/vnd.openxmlformats"),
])
def test_templates_download_with_vietnamese_headers(organizer_a, path, mimetype):
    response = organizer_a.get(path)
    assert response.status_code == 200
    assert response.mimetype.startswith(mimetype)
    assert "attachment" in response.headers["Content-Disposition"]
    if path.endswith(".csv"):
        assert response.get_data().decode("utf-8-sig").startswith("Mã cán bộ,Họ và tên,")
    else:
        header = [c.value for c in load_workbook(io.BytesIO(response.get_data())).active[1]]
        assert header[:2] == ["Mã đơn vị", "Tên đơn vị"]


def test_an_unknown_template_is_not_found(organizer_a):
    assert organizer_a.get("/org/import/template/users.csv").status_code == 404


def test_a_post_without_csrf_token_is_refused(organizer_a):
    data = csv_bytes([HEADER, cadre_row("CB1")])
    response = organizer_a.post(CADRES_URL, data={"file": (io.BytesIO(data), "cadres.csv")},
                                content_type="multipart/form-data")
    assert response.status_code == 400
    assert cadre_count() == 0


@pytest.mark.parametrize("url", [CADRES_URL, UNITS_URL, "/org/import/template/cadres.csv"])
def test_someone_who_is_not_an_organizer_is_forbidden(client, org, url):
    make_user("trainer", role="trainer")
    login(client, "trainer")
    assert client.get(url).status_code == 403
    token = csrf_token_from(client.get("/password").get_data(as_text=True))
    data = {"file": (io.BytesIO(b"code\n"), "c.csv"), "csrf_token": token}
    assert client.post(url, data=data, content_type="multipart/form-data").status_code in (
        403, 405)


def test_signed_out_visitors_are_sent_to_sign_in(client, org):
    response = client.get(CADRES_URL)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_clash_with_a_concurrent_writer_keeps_nothing_and_says_so(organizer_a, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    from lms import tasks

    importer = tasks.IMPORTERS["cadres"]

    def clashing_import(*args, **kwargs):
        importer(*args, **kwargs)  # writes the rows, then another writer's unique code wins
        raise IntegrityError("INSERT INTO cadre ...", {}, Exception("duplicate key"))

    monkeypatch.setitem(tasks.IMPORTERS, "cadres", clashing_import)
    response = upload(organizer_a, CADRES_URL, csv_bytes([HEADER, cadre_row("CB1")]),
                      "cadres.csv", follow_redirects=True)
    assert response.status_code == 200
    assert "Không có gì được nhập" in response.get_data(as_text=True)
    assert cadre_count() == 0
