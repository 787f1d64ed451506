"""Template files an organizer downloads, fills in and imports again."""

from lms.core.spreadsheets import write_spreadsheet
from lms.org.imports.cadres import CADRE_COLUMNS, CADRE_EXAMPLE
from lms.org.imports.units import UNIT_COLUMNS, UNIT_EXAMPLE

TEMPLATES = {
    "cadres": (CADRE_COLUMNS, [CADRE_EXAMPLE]),
    "units": (UNIT_COLUMNS, [UNIT_EXAMPLE]),
}


def template_spreadsheet(fmt, columns, examples, sheet):
    """(bytes, mimetype) of a header of the columns' Vietnamese labels and the example rows, as
    "csv" or "xlsx"; KeyError for another format."""
    header = [column.label for column in columns]
    return write_spreadsheet(fmt, header, examples, sheet, min_width=14)


def template_file(kind, fmt):
    """(bytes, mimetype) of the `kind` template in format `fmt`; KeyError if unknown."""
    columns, examples = TEMPLATES[kind]
    return template_spreadsheet(fmt, columns, examples, kind)
