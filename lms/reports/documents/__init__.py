"""The unit's half-year or annual report as an administrative document, in Word (.docx) for
the organizer to edit and as PDF: the content is built once (content.py) and laid out by
word.py and pdf.py. A job calls write_report_document; a request, render_report_document.
"""

import io

from lms.core.spreadsheets import download_name
from lms.reports.documents.content import build_report_document
from lms.reports.documents.pdf import render_pdf
from lms.reports.documents.word import render_docx

RENDERERS = {"docx": render_docx, "pdf": render_pdf}
MIMETYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}

__all__ = ["MIMETYPES", "document_name", "render_report_document", "write_report_document"]


def write_report_document(unit_id, period, fmt, path, today=None):
    """Write the unit's report for `period` as `fmt` ('docx' or 'pdf') to `path` (a file
    path or a binary file object); False, writing nothing, when there is no such unit."""
    content = build_report_document(unit_id, period, today)
    if content is None:
        return False
    RENDERERS[fmt](content, path)
    return True


def render_report_document(unit_id, period, fmt, today=None):
    """The unit's report as bytes in `fmt`; None when there is no such unit."""
    buffer = io.BytesIO()
    if not write_report_document(unit_id, period, fmt, buffer, today):
        return None
    return buffer.getvalue()


def document_name(unit, period, fmt):
    """bao-cao-<unit code>-<year>[-h1].<fmt>"""
    return download_name("bao-cao", unit.code, period.year, "h1" if period.half else "",
                         fmt=fmt)
