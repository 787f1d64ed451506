"""Template files an organizer downloads, fills in and imports again."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from lms.org.imports.cadres import CADRE_COLUMNS, CADRE_EXAMPLE
from lms.org.imports.units import UNIT_COLUMNS, UNIT_EXAMPLE

TEMPLATES = {
    "cadres": (CADRE_COLUMNS, CADRE_EXAMPLE),
    "units": (UNIT_COLUMNS, UNIT_EXAMPLE),
}
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def template_rows(kind):
    """The header of Vietnamese labels and one example row."""
    columns, example = TEMPLATES[kind]
    return [column.label for column in columns], list(example)


def rows_to_csv(rows):
    """CSV bytes, with the byte-order mark Excel needs to read UTF-8."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def rows_to_xlsx(rows, sheet_title):
    """An Excel workbook of the rows, the first one a bold header."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(14, len(cell.value) + 4)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rows_file(rows, fmt, sheet_title):
    """(bytes, mimetype) of the rows as "csv" or "xlsx"; KeyError for another format."""
    mimetype = FORMATS[fmt]
    data = rows_to_csv(rows) if fmt == "csv" else rows_to_xlsx(rows, sheet_title)
    return data, mimetype


def template_file(kind, fmt):
    """(bytes, mimetype) of the `kind` template in format `fmt`; KeyError if unknown."""
    return rows_file(template_rows(kind), fmt, kind)
