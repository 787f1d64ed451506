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


def template_csv(kind):
    """The template as CSV bytes, with the byte-order mark Excel needs to read UTF-8."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(template_rows(kind))
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx(kind):
    """The template as an Excel workbook with a bold header."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = kind
    for row in template_rows(kind):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(14, len(cell.value) + 4)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_file(kind, fmt):
    """(bytes, mimetype) of the `kind` template in format `fmt`; KeyError if unknown."""
    build = {"csv": template_csv, "xlsx": template_xlsx}[fmt]
    if kind not in TEMPLATES:
        raise KeyError(kind)
    return build(kind), FORMATS[fmt]
