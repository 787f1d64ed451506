"""Reading import files: CSV encodings and delimiters, Excel and OpenDocument workbooks (their
cells read as text the importers parse), blank rows, unreadable files, over-long cells and zip
bombs, whatever the importer's columns."""

import csv
import datetime
import functools
import io
import struct
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from flask_babel import force_locale
from openpyxl import Workbook

from lms.core.spreadsheets import CellError, Column, ImportRejected, open_table, read_rows

_MIB = 1 << 20


def _text(text):
    if not text:
        raise CellError("empty")
    return text


def _year(text):
    if text and not text.isdigit():
        raise CellError("not a year")
    return int(text) if text else None


COLUMNS = (Column("code", "Mã cán bộ", _text, required=True),
           Column("full_name", "Họ và tên", _text),
           Column("birth_year", "Năm sinh", _year),
           Column("unit_code", "Mã đơn vị", _text, required=True),
           Column("position", "Chức vụ", str))
HEADER = ["code", "full_name", "birth_year", "unit_code", "position"]


def row(code="CB1", **cells):
    values = {"code": code, "full_name": "Nguyễn Thị Hoa", "birth_year": "1985",
              "unit_code": "W-A", "position": "Chi hội trưởng", **cells}
    return [values[name] for name in HEADER]


def csv_bytes(rows, bom=False, delimiter=","):
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


def xlsx_bytes(rows):
    workbook = Workbook()
    for cells in rows:
        workbook.active.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _deflate_padded(prefix, suffix, mib):
    """Raw deflate of prefix + `mib` MiB of spaces + suffix, and its CRC-32, in milliseconds:
    after a full flush the compressor starts afresh, so each MiB of spaces compresses to the
    same block, which is repeated instead of compressed again."""
    spaces = b" " * _MIB
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = packer.compress(prefix) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(spaces) + packer.flush(zlib.Z_FULL_FLUSH)
    tail = packer.compress(suffix) + packer.flush()
    crc = zlib.crc32(prefix)
    for _ in range(mib):
        crc = zlib.crc32(spaces, crc)
    return head + block * mib + tail, zlib.crc32(suffix, crc)


def _zip(members):
    """A zip archive of (name, raw deflate data, CRC-32, unpacked size), in the layout of
    PKWARE's APPNOTE (local headers, then the central directory)."""
    body, directory = io.BytesIO(), io.BytesIO()
    for name, data, crc, size in members:
        encoded, offset = name.encode(), body.tell()
        fields = (8, 0, 33, crc, len(data), size, len(encoded))  # deflate, 1980-01-01
        body.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, *fields, 0) + encoded + data)
        directory.write(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, *fields,
                                    0, 0, 0, 0, 0, offset) + encoded)
    count, start = len(members), body.tell()
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, directory.tell(), start, 0)
    return body.getvalue() + directory.getvalue() + end


def xlsx_bomb(mib=1024):
    """A real workbook whose sheet unpacks to `mib` MiB of spaces before its two rows (valid
    XML openpyxl would read for many seconds): about 1 MB on disk for 1 GiB."""
    return _xlsx_bomb(mib)


@functools.cache  # built once per run: the CRC of 1 GiB takes a fifth of a second
def _xlsx_bomb(mib):
    members = []
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes([HEADER, row("CB1")]))) as workbook:
        for info in workbook.infolist():
            text = workbook.read(info)
            if info.filename.startswith("xl/worksheets/"):
                prefix, suffix = text.split(b"<sheetData>", 1)
                data, crc = _deflate_padded(prefix + b"<sheetData>", suffix, mib)
                size = len(text) + mib * _MIB
            else:
                packer = zlib.compressobj(9, zlib.DEFLATED, -15)
                data, crc, size = packer.compress(text) + packer.flush(), info.CRC, len(text)
            members.append((info.filename, data, crc, size))
    return _zip(members)


def problems(rejected):
    """(row, column) of every error, in report order."""
    return [(error.row, error.column) for error in rejected.value.errors]


def messages(rejected):
    with force_locale("en"):
        return [str(error.message) for error in rejected.value.errors]


@pytest.mark.parametrize("bom", [True, False])
def test_csv_with_or_without_byte_order_mark(app_ctx, bom):
    data = csv_bytes([HEADER, row("CB1")], bom=bom)
    rows, errors = read_rows(io.BytesIO(data), "cadres.csv", COLUMNS)
    assert errors == []
    assert [parsed.values["code"] for parsed in rows] == ["CB1"]


def test_csv_saved_with_semicolons_is_read(app_ctx):
    data = csv_bytes([HEADER, row("CB1")], bom=True, delimiter=";")
    rows, errors = read_rows(io.BytesIO(data), "cadres.csv", COLUMNS)
    assert (errors, rows[0].values["unit_code"]) == ([], "W-A")


def test_blank_rows_are_skipped_and_row_numbers_stay_those_of_the_sheet(app_ctx):
    sheet = [HEADER, row("CB1"), [""] * len(HEADER), row("CB2", birth_year="x")]
    rows, errors = read_rows(io.BytesIO(xlsx_bytes(sheet)), "cadres.xlsx", COLUMNS)
    assert [(error.row, error.column) for error in errors] == [(4, "birth_year")]
    assert [(parsed.number, parsed.ok) for parsed in rows] == [(2, True), (4, False)]


@pytest.mark.parametrize(("filename", "data"), [
    ("cadres.csv", "code,full_name\nCB1,Lê Hoà\n".encode("cp1252")),  # not UTF-8
    ("cadres.xlsx", b"code,full_name\nCB1,Hoa\n"),
    ("cadres.ods", b"code,full_name\nCB1,Hoa\n"),
    ("cadres.xls", b"anything"),
    ("cadres.csv", b""),
    ("cadres.csv", b"code,full_name,unit_code\n"),
])
def test_unreadable_files_are_rejected_naming_the_file(app_ctx, filename, data):
    with pytest.raises(ImportRejected) as rejected:
        read_rows(io.BytesIO(data), filename, COLUMNS)
    assert problems(rejected) == [(None, None)]
    assert filename in messages(rejected)[0]


def test_a_csv_cell_longer_than_the_csv_modules_limit_is_a_problem_of_its_row(app_ctx):
    data = csv_bytes([HEADER, row("CB1"), row("CB2", position="x" * 200_000)])
    rows, errors = read_rows(io.BytesIO(data), "cadres.csv", COLUMNS)
    assert [(error.row, error.column) for error in errors] == [(3, "position")]
    with force_locale("en"):
        assert [str(error.message) for error in errors] == [
            "This cell is too long: 200000 characters, at most 131072."]
    assert [parsed.ok for parsed in rows] == [True, False]


@pytest.mark.parametrize("mib", [1024, 60])  # over the size limit; under it but packed 1000:1
def test_a_zip_bomb_named_xlsx_is_refused_before_it_is_unpacked(app_ctx, tmp_path, mib):
    path = tmp_path / "cadres.xlsx"
    path.write_bytes(xlsx_bomb(mib))
    started = time.perf_counter()
    with pytest.raises(ImportRejected) as rejected:
        read_rows(path, "cadres.xlsx", COLUMNS)
    assert time.perf_counter() - started < 0.2
    assert problems(rejected) == [(None, None)]
    assert messages(rejected) == ["cadres.xlsx is too large once unpacked (over 200 MB) or "
                                  "damaged. Split it into smaller files, or save it as CSV."]


def test_a_real_workbook_of_repetitive_rows_is_not_taken_for_a_zip_bomb(app_ctx):
    # The same row again and again packs tighter than any real list (about 20:1).
    data = xlsx_bytes([HEADER] + [row("CB1")] * 6000)
    with zipfile.ZipFile(io.BytesIO(data)) as workbook:
        assert max(info.file_size for info in workbook.infolist()) > _MIB
    with open_table(io.BytesIO(data), "cadres.xlsx") as table:
        assert list(table.header) == HEADER


# Made once from the workbook of sheet_of_every_kind_of_cell() with LibreOffice Calc
# (`soffice --headless --convert-to ods cadres.xlsx`), since CI has no LibreOffice.
ODS_FIXTURE = Path(__file__).parent / "fixtures" / "cadres.ods"
ODS_HEADER = ["STT", "Mã cán bộ", "Họ và tên", "Năm sinh", "Mã đơn vị", "Chức vụ"]


def sheet_of_every_kind_of_cell():
    """The header on row 3 from column B (the STT column ignored), a code with a leading zero
    typed as text, years as number cells, a blank row, a date cell and a decimal."""
    blank = [None] * 7
    return [blank, blank, [None, *ODS_HEADER],
            [None, 1, "0912", "Nguyễn Thị Hoa", 1985, "W-A", "Chi hội trưởng"],
            blank,
            [None, 2, "CB2", "Lê Thị Mai", "x", "W-A", datetime.date(2024, 1, 5)],
            [None, 3, "CB3", "Trần Thu Hà", 1990.0, "W-B", 2.5]]


# What both workbooks read as: the sheet's row numbers, numbers without ".0", the leading
# zero kept, a date cell as YYYY-MM-DD.
EXPECTED_ROWS = [
    (4, {"code": "0912", "full_name": "Nguyễn Thị Hoa", "birth_year": 1985, "unit_code": "W-A",
         "position": "Chi hội trưởng"}),
    (6, {"code": "CB2", "full_name": "Lê Thị Mai", "unit_code": "W-A",
         "position": "2024-01-05"}),
    (7, {"code": "CB3", "full_name": "Trần Thu Hà", "birth_year": 1990, "unit_code": "W-B",
         "position": "2.5"}),
]


@pytest.mark.parametrize("filename", ["cadres.xlsx", "cadres.ods"])
def test_a_workbook_reads_as_the_text_its_cells_show(app_ctx, filename):
    if filename.endswith(".ods"):
        data = ODS_FIXTURE.read_bytes()
    else:
        data = xlsx_bytes(sheet_of_every_kind_of_cell())
    rows, errors = read_rows(io.BytesIO(data), filename, COLUMNS)
    assert [(parsed.number, parsed.values) for parsed in rows] == EXPECTED_ROWS
    assert [parsed.ok for parsed in rows] == [True, False, True]
    assert [(error.row, error.column) for error in errors] == [(6, "birth_year")]


def test_a_workbook_whose_header_is_lower_keeps_the_row_numbers_of_the_sheet(app_ctx):
    # Rows above the header and columns left of it are empty; the numbers must not shift.
    sheet = [[None] * 4] * 9 + [[None, None, None, "code"], [None] * 4,
                                [None, None, None, "CB1"]]
    data = xlsx_bytes(sheet)
    sheet_columns = (Column("code", "Mã cán bộ", _text, required=True),)
    rows, errors = read_rows(io.BytesIO(data), "cadres.xlsx", sheet_columns)
    assert (errors, [(parsed.number, parsed.values) for parsed in rows]) == (
        [], [(12, {"code": "CB1"})])


def _zip_of(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.parametrize(("filename", "data", "expected"), [
    ("cadres.ods", ODS_FIXTURE.read_bytes()[:3000],
     "cadres.ods is not a valid OpenDocument (.ods) spreadsheet. Open it in LibreOffice Calc "
     "and save it again as an .ods file."),
    ("cadres.ods", _zip_of({"mimetype": "application/zip", "readme.txt": "not a sheet"}),
     "cadres.ods is not a valid OpenDocument (.ods) spreadsheet. Open it in LibreOffice Calc "
     "and save it again as an .ods file."),
    # Excel saves a workbook with a password as an OLE compound file, not a zip.
    ("cadres.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
     "cadres.xlsx is not a valid Excel (.xlsx) file. Open it in Excel and save it again as an "
     "Excel workbook."),
    ("cadres.xlsx", _zip_of({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<x"}),
     "cadres.xlsx is not a valid Excel (.xlsx) file. Open it in Excel and save it again as an "
     "Excel workbook."),
])
def test_a_broken_workbook_is_refused_with_what_to_do(app_ctx, filename, data, expected):
    with pytest.raises(ImportRejected) as rejected:
        read_rows(io.BytesIO(data), filename, COLUMNS)
    assert problems(rejected) == [(None, None)]
    assert messages(rejected) == [expected]


def test_another_file_ending_is_refused_naming_the_three_accepted(app_ctx):
    with pytest.raises(ImportRejected) as rejected:
        read_rows(io.BytesIO(b"x"), "cadres.numbers", COLUMNS)
    assert messages(rejected) == ["cadres.numbers: only .csv, .xlsx and .ods files can be "
                                  "imported."]
