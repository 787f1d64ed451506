"""What the courses' Excel practice files share: the look of a header row."""

from openpyxl.styles import Alignment, Font, PatternFill

BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")


def header_row(sheet, row, titles, widths):
    """Bold, shaded, centred titles in `row`, each column set to its width."""
    for column, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        cell = sheet.cell(row=row, column=column, value=title)
        cell.font, cell.fill = BOLD, HEAD_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[cell.column_letter].width = width
