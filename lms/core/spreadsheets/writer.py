"""Writing the spreadsheets users download (CSV, XLSX): every text cell escaped, one table of
content types, ASCII download names."""

import csv
import io
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# Werkzeug adds "; charset=utf-8" to a text type itself: naming it here too said it twice.
MIMETYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value):
    """A cell a spreadsheet will not run as a formula: numbers (decimals too) stay numbers,
    None is empty, and other values become text, with a quote in front of a leading = + - @
    or tab."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    if isinstance(value, Decimal):
        # Hours are stored as decimals: a number cell (which the reader's spreadsheet shows
        # as 2,5 in Vietnamese), not the text "2.50".
        return int(value) if value == value.to_integral_value() else float(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _escaped(rows):
    return ([escape_cell(value) for value in row] for row in rows)


def _stream_csv(stream, header, rows, titles):
    """Write title lines, the header and the rows to a text stream, one row at a time."""
    writer = csv.writer(stream)
    writer.writerows(_escaped([title] for title in titles))
    writer.writerows(_escaped([header]))
    writer.writerows(_escaped(rows))


def _stream_xlsx(target, header, rows, sheet, titles, min_width):
    """Save a write-only workbook of one sheet to `target` (a path or a binary stream): title
    lines and the header in bold, then the rows; columns as wide as their header. openpyxl
    writes each appended row out to a temporary file, so a long list never sits in memory."""
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet[:31])  # Excel's limit on a sheet name
    for index, name in enumerate(header):
        width = max(min_width, min(40, len(str(name)) + 4))
        worksheet.column_dimensions[get_column_letter(index + 1)].width = width
    bold = Font(bold=True)

    def bold_row(values):
        cells = [WriteOnlyCell(worksheet, value=value) for value in values]
        for cell in cells:
            cell.font = bold
        return cells

    for title in _escaped([title] for title in titles):
        worksheet.append(bold_row(title))
    worksheet.append(bold_row(next(_escaped([header]))))
    for row in _escaped(rows):
        worksheet.append(row)
    workbook.save(target)


def write_csv(header, rows, titles=()):
    """CSV bytes of title lines, a header and rows, in UTF-8 with the byte-order mark Excel
    needs to read it."""
    buffer = io.StringIO(newline="")
    _stream_csv(buffer, header, rows, titles)
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(header, rows, sheet, titles=(), min_width=12):
    """An XLSX workbook (bytes) of one sheet: title lines and the header in bold, then the
    rows; columns as wide as their header."""
    buffer = io.BytesIO()
    _stream_xlsx(buffer, header, rows, sheet, titles, min_width)
    return buffer.getvalue()


def write_spreadsheet(fmt, header, rows, sheet, titles=(), min_width=12):
    """(bytes, mimetype) of the rows as "csv" or "xlsx"; KeyError for another format."""
    mimetype = MIMETYPES[fmt]
    if fmt == "csv":
        return write_csv(header, rows, titles), mimetype
    return write_xlsx(header, rows, sheet, titles, min_width), mimetype


def write_spreadsheet_file(path, fmt, header, rows, sheet, titles=(), min_width=12):
    """Write the rows as "csv" or "xlsx" to the file at `path`, row by row as `rows` yields
    them (the same content as write_spreadsheet); return the mimetype. KeyError for another
    format."""
    mimetype = MIMETYPES[fmt]
    if fmt == "csv":
        # utf-8-sig writes the byte-order mark once, at the start of the file.
        with open(path, "w", encoding="utf-8-sig", newline="") as stream:
            _stream_csv(stream, header, rows, titles)
    else:
        _stream_xlsx(path, header, rows, sheet, titles, min_width)
    return mimetype


def download_name(*parts, fmt):
    """A download name of ASCII letters, digits and dashes: ('chi-tieu', 'W-A', 2025)."""
    words = [re.sub(r"[^A-Za-z0-9]+", "-", str(part)).strip("-") for part in parts]
    return "-".join(word for word in words if word) + "." + fmt
