"""Spreadsheets in and out: import files read into parsed, numbered rows (CSV with any BOM
and delimiter, XLSX and ODS checked against zip bombs, then read by calamine), and downloads
written as CSV or XLSX with every cell escaped against formula injection.

    rows, errors = read_rows(stream, "cadres.xlsx", columns)   # ImportRejected if unreadable
    data, mimetype = write_spreadsheet("xlsx", header, rows, sheet="Bao cao")
"""

from lms.core.errors import ImportRejected
from lms.core.spreadsheets.reader import (
    CellError,
    Column,
    Row,
    RowError,
    header_key,
    open_table,
    read_rows,
    unpacks_sanely,
)
from lms.core.spreadsheets.writer import (
    MIMETYPES,
    download_name,
    escape_cell,
    write_csv,
    write_spreadsheet,
    write_spreadsheet_file,
    write_xlsx,
)

__all__ = ["MIMETYPES", "CellError", "Column", "ImportRejected", "Row", "RowError",
           "download_name", "escape_cell", "header_key", "open_table", "read_rows",
           "unpacks_sanely", "write_csv", "write_spreadsheet", "write_spreadsheet_file",
           "write_xlsx"]
