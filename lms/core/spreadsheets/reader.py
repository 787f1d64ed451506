"""Reading an import file (CSV, Excel .xlsx or OpenDocument .ods, or a list of rows) into
numbered, parsed rows. Workbooks are read with calamine (python-calamine), about ten times
faster than openpyxl's read-only mode.

Only the columns the file has appear in a row's values, so an importer can leave the
fields of absent columns untouched. A file that cannot be read raises ImportRejected with
one RowError(None, None, message); a bad cell is a RowError of its row and column.
"""

import csv
import io
import os
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum

from lms.core.errors import ImportRejected
from lms.core.text import fold_vietnamese

# Vietnamese spreadsheets usually open with a running number column; it carries no data.
IGNORED_HEADERS = {"stt", "tt", "so thu tu"}

# The csv module's own limit, now checked cell by cell so that the row and column are named
# (the module would stop the whole read with an error that names neither).
MAX_CELL_CHARS = 131072
_CSV_READ_LIMIT = 2**31 - 1  # the largest a C long holds everywhere
# What a workbook (.xlsx or .ods, both zips) may unpack to, checked from the sizes its zip
# directory declares (zipfile never reads past them) before calamine opens it. The sheet of
# 100,000 cadres is ~70 MB and packs 10-25 times; a zip bomb packs ~1000 times.
MAX_XLSX_UNPACKED_MB = 200
MAX_XLSX_RATIO = 100
_RATIO_CHECKED_FROM = 1024 * 1024  # small parts may pack as tightly as they like


@dataclass(frozen=True)
class RowError:
    """One problem: sheet row (header = 1; None: the whole file), column and message."""

    row: int | None
    column: str | None  # the column's name, or the header as written if it is unknown
    message: str  # a lazy string, translated where it is shown

    def __str__(self):
        return ": ".join(str(part) for part in (self.row, self.column, self.message)
                         if part is not None)


class CellError(ValueError):
    """A cell that cannot be imported; `message` says why, for the person who typed it."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Column:
    """An importable column: name, Vietnamese header, cell parser, other accepted headers."""

    name: str
    label: str
    parse: Callable[[str], object]
    required: bool = False
    aliases: tuple[str, ...] = ()

    def header_keys(self):
        return {header_key(text) for text in (self.name, self.label, *self.aliases)}


@dataclass
class Table:
    """The header row of a file and an iterator over its later rows."""

    header: Sequence
    header_row: int
    rows: Iterator[tuple[int, Sequence]]


def header_key(text):
    """Compare headers case-, accent- and underscore-insensitively: "Họ_và tên*" -> "ho va ten"."""
    return " ".join(fold_vietnamese(str(text)).replace("_", " ").strip(" *:").split())


def cell_text(value):
    """A cell as stripped NFC text; Excel numbers lose their ".0"."""
    if isinstance(value, str):
        text = value.strip()
        # Text pasted from some editors arrives decomposed (NFD); store one form only.
        if not text.isascii() and not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        return text
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return cell_text(str(value))


def _file_error(message):
    return ImportRejected([RowError(None, None, message)])


def _read_bytes(source):
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as stream:
            return stream.read()
    return source.read()


def _numbered_rows(rows):
    """(row number, cells) for every row that has something in it, header first."""
    for number, cells in enumerate(rows, start=1):
        if any(cell not in (None, "") and str(cell).strip() for cell in cells):
            yield number, cells


def _table(rows, filename):
    numbered = _numbered_rows(rows)
    first = next(numbered, None)
    if first is None:
        raise _file_error(_l("%(file)s is empty.", file=filename))
    header_row, header = first
    return Table(header=header, header_row=header_row, rows=numbered)


def _sniff_delimiter(text):
    """Excel saves CSV with ";" or a tab under some regional settings; pick the likeliest."""
    first_line = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=first_line.count)


def _csv_table(data, filename):
    try:
        # utf-8-sig drops the byte-order mark Excel writes at the start of "CSV UTF-8".
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _file_error(_l("%(file)s is not a UTF-8 CSV file. In Excel, use Save As and "
                             "choose \"CSV UTF-8\", or upload the .xlsx file instead.",
                             file=filename)) from None
    # Process-wide, but always set to the same value, so threads cannot disagree about it.
    csv.field_size_limit(_CSV_READ_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text))
    return _table(reader, filename)


def unpacks_sanely(stream):
    """Whether a zip's declared sizes are those of an office file (a workbook, a Word
    document) rather than a zip bomb: not too large in total, no large part packed
    implausibly tight. BadZipFile if it is damaged."""
    with zipfile.ZipFile(stream) as archive:
        parts = archive.infolist()
    if sum(part.file_size for part in parts) > MAX_XLSX_UNPACKED_MB * 1024 * 1024:
        return False
    return not any(part.file_size > max(_RATIO_CHECKED_FROM,
                                        MAX_XLSX_RATIO * part.compress_size)
                   for part in parts)


def _not_a_workbook(filename, extension):
    if extension == ".ods":
        return _file_error(_l("%(file)s is not a valid OpenDocument (.ods) spreadsheet. Open "
                              "it in LibreOffice Calc and save it again as an .ods file.",
                              file=filename))
    return _file_error(_l("%(file)s is not a valid Excel (.xlsx) file. Open it in Excel and "
                          "save it again as an Excel workbook.", file=filename))


def _first_worksheet(workbook):
    """The first sheet of cells, passing over chart sheets as openpyxl's `worksheets` did."""
    for index, metadata in enumerate(workbook.sheets_metadata):
        if metadata.typ == SheetTypeEnum.WorkSheet:
            return workbook.get_sheet_by_index(index)
    raise ValueError("no worksheet")


def _workbook_table(data, filename, extension):
    not_a_workbook = _not_a_workbook(filename, extension)
    stream = io.BytesIO(data)
    if not zipfile.is_zipfile(stream):
        # An encrypted .xlsx, an old .xls or any other file renamed.
        raise not_a_workbook
    try:
        sane = unpacks_sanely(stream)
    except zipfile.BadZipFile:
        raise not_a_workbook from None
    if not sane:
        raise _file_error(_l("%(file)s is too large once unpacked (over %(mb)s MB) or damaged. "
                             "Split it into smaller files, or save it as CSV.", file=filename,
                             mb=MAX_XLSX_UNPACKED_MB))
    stream.seek(0)
    try:
        sheet = _first_worksheet(CalamineWorkbook.from_filelike(stream))
    except PasswordError:
        raise _file_error(_l("%(file)s is protected by a password. Remove the password, save "
                             "it and import it again.", file=filename)) from None
    except Exception:  # calamine raises several kinds of error on a broken package
        raise not_a_workbook from None
    # iter_rows starts at row 1 but at the first column holding a cell: that shifts header and
    # cells alike, and the row numbers stay those of the sheet (a test holds calamine to it).
    return _table(sheet.iter_rows(), filename)


# The file endings an import accepts (ImportForm lets the same through).
IMPORT_EXTENSIONS = (".csv", ".xlsx", ".ods")


@contextmanager
def open_table(source, filename):
    """The Table of a .csv, .xlsx or .ods file given as a path or binary stream, or of a list
    of rows."""
    if isinstance(source, list | tuple):
        yield _table(source, filename)
        return
    extension = os.path.splitext(filename or "")[1].lower()
    if extension not in IMPORT_EXTENSIONS:
        raise _file_error(_l("%(file)s: only .csv, .xlsx and .ods files can be imported.",
                             file=filename))
    data = _read_bytes(source)
    if extension == ".csv":
        yield _csv_table(data, filename)
    else:
        yield _workbook_table(data, filename, extension)


def map_header(table, columns):
    """{column name: cell index} for the file's header, and its unknown or repeated columns."""
    by_key = {key: column for column in columns for key in column.header_keys()}
    positions, errors = {}, []
    row = table.header_row
    for index, raw in enumerate(table.header):
        text = cell_text(raw)
        key = header_key(text)
        if not key or key in IGNORED_HEADERS:
            continue
        column = by_key.get(key)
        if column is None:
            errors.append(RowError(row, text, _l("Unknown column.")))
        elif column.name in positions:
            errors.append(RowError(row, column.name, _l("This column appears twice.")))
        else:
            positions[column.name] = index
    # Rows cannot be checked without their required columns, so those stop the import here.
    missing = [RowError(row, column.name, _l("Required column is missing (header: %(label)s).",
                                             label=column.label))
               for column in columns if column.required and column.name not in positions]
    if missing:
        raise ImportRejected(errors + missing)
    return positions, errors


@dataclass
class Row:
    """A data row: its sheet row number, the parsed values of its good cells, all good?"""

    number: int
    values: dict
    ok: bool


def read_rows(source, filename, columns):
    """The file's rows, parsed cell by cell, and every header and cell problem found."""
    parsers = [(column.name, column.parse) for column in columns]
    with open_table(source, filename) as table:
        positions, errors = map_header(table, columns)
        present = [(name, parse, positions[name]) for name, parse in parsers
                   if name in positions]
        rows = [_parse_row(number, cells, present, errors) for number, cells in table.rows]
    if not rows:
        raise ImportRejected([*errors, RowError(None, None, _l(
            "%(file)s has no rows under its header.", file=filename))])
    return rows, errors


def _parse_row(number, cells, present, errors):
    values, before = {}, len(errors)
    for name, parse, index in present:
        text = cell_text(cells[index]) if index < len(cells) else ""
        if len(text) > MAX_CELL_CHARS:
            errors.append(RowError(number, name, _l(
                "This cell is too long: %(length)s characters, at most %(limit)s.",
                length=len(text), limit=MAX_CELL_CHARS)))
            continue
        try:
            values[name] = parse(text)
        except CellError as error:
            errors.append(RowError(number, name, error.message))
    return Row(number, values, ok=len(errors) == before)
