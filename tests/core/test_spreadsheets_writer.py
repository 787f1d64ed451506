"""Writing downloads: cells escaped against formula injection, CSV Excel reads as UTF-8, XLSX
with a bold header, one content-type table, ASCII download names."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from lms.core.spreadsheets import (
    MIMETYPES,
    download_name,
    escape_cell,
    write_csv,
    write_spreadsheet,
    write_spreadsheet_file,
    write_xlsx,
)


@pytest.mark.parametrize(("value", "expected"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+84912", "'+84912"),
    ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("Nguyễn Thị Hoa", "Nguyễn Thị Hoa"),
    (None, ""), (7, 7), (2.5, 2.5), (Decimal("2.5"), 2.5), (Decimal("8.00"), 8),
])
def test_escape_cell(value, expected):
    assert escape_cell(value) == expected


def test_csv_has_the_byte_order_mark_and_escaped_cells():
    data = write_csv(["Mã", "Họ và tên"], [["=1+1", "Hoà"], [3, None]], titles=["Tiêu đề"])
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["Tiêu đề"], ["Mã", "Họ và tên"], ["'=1+1", "Hoà"], ["3", ""]]


def test_xlsx_has_bold_titles_and_header_and_keeps_numbers():
    data = write_xlsx(["Mã", "Điểm", "Giờ"], [["@x", 9.5, Decimal("1.50")]],
                      sheet="Danh sách " * 5, titles=["Tiêu đề"])
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    assert sheet.title == ("Danh sách " * 5)[:31]  # Excel refuses longer names
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Tiêu đề", None, None], ["Mã", "Điểm", "Giờ"], ["'@x", 9.5, 1.5]]
    assert sheet["C3"].data_type == "n"  # hours a number the reader's Excel shows as 1,5
    assert sheet["A1"].font.bold and sheet["B2"].font.bold and not sheet["A3"].font.bold


def test_write_spreadsheet_gives_the_content_type_of_its_format():
    assert write_spreadsheet("csv", ["a"], [], "s")[1] == MIMETYPES["csv"]
    assert write_spreadsheet("xlsx", ["a"], [], "s")[1] == MIMETYPES["xlsx"]
    with pytest.raises(KeyError):
        write_spreadsheet("pdf", ["a"], [], "s")


def test_ascii_filename():
    assert download_name("chi-tieu", "Hà Nội/1", 2024, fmt="xlsx") == "chi-tieu-H-N-i-1-2024.xlsx"


HOSTILE_ROWS = [["=1+1", "Nguyễn Thị Hoà", 3, None], ["@x", "-0912", 2.5, "\tTab"]]


def test_a_csv_file_written_row_by_row_has_the_same_bytes_as_the_download(tmp_path):
    path = tmp_path / "list.csv"
    header, titles = ["Mã", "Họ và tên", "Số", "Ghi chú"], ["Danh sách"]
    # Rows as a generator: the file writer takes them as they come.
    mimetype = write_spreadsheet_file(path, "csv", header, (row for row in HOSTILE_ROWS), "s",
                                      titles)
    assert mimetype == MIMETYPES["csv"]
    assert path.read_bytes() == write_csv(header, HOSTILE_ROWS, titles)


def test_an_xlsx_file_holds_the_same_sheet_as_the_download(tmp_path):
    path = tmp_path / "list.xlsx"
    header, titles = ["Mã", "Họ và tên", "Số", "Ghi chú"], ["Danh sách"]
    write_spreadsheet_file(path, "xlsx", header, iter(HOSTILE_ROWS), "Danh sach", titles)

    def cells(source):
        sheet = load_workbook(source).active
        return sheet.title, [[(cell.value, cell.font.bold) for cell in row]
                             for row in sheet.iter_rows()]

    in_memory = write_xlsx(header, HOSTILE_ROWS, "Danh sach", titles)
    assert cells(path) == cells(io.BytesIO(in_memory))
    assert cells(path)[1][2][0] == ("'=1+1", False)


def test_a_file_of_another_format_is_refused(tmp_path):
    with pytest.raises(KeyError):
        write_spreadsheet_file(tmp_path / "x.pdf", "pdf", ["a"], [], "s")


def test_a_csv_download_names_its_charset_once(app_ctx):
    import io

    from flask import current_app, send_file

    from lms.core.spreadsheets.writer import MIMETYPES
    with current_app.test_request_context():
        response = send_file(io.BytesIO(b"a"), mimetype=MIMETYPES["csv"], download_name="x.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"


def test_an_xlsx_file_is_written_row_by_row_by_a_write_only_workbook(tmp_path, monkeypatch):
    # The whole city's list must not sit in memory: openpyxl's write-only workbook writes
    # each row out as it is appended, and the rows are pulled one at a time.
    from lms.core.spreadsheets import writer

    workbooks, pulled = [], []
    real_workbook = writer.Workbook

    def spied_workbook(**options):
        workbooks.append(options)
        return real_workbook(**options)

    def rows():
        for number in range(1, 501):
            pulled.append(number)
            yield [f"CB{number}", Decimal("1.5")]

    monkeypatch.setattr(writer, "Workbook", spied_workbook)
    write_spreadsheet_file(tmp_path / "list.xlsx", "xlsx", ["Mã", "Giờ"], rows(), "s")
    assert workbooks == [{"write_only": True}]
    assert pulled == list(range(1, 501))
    book = load_workbook(tmp_path / "list.xlsx", read_only=True)
    try:
        assert sum(1 for _ in book.worksheets[0].iter_rows()) == 501
    finally:
        # A read-only workbook keeps its file open until closed.
        book.close()
