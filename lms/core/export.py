"""Helpers for files users download (CSV, XLSX)."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A text cell a spreadsheet will not run as a formula: a leading = + - @ or tab gets a
    quote in front (the value is unchanged otherwise)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
