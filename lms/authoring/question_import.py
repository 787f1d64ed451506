"""Importing questions into a course's bank from a file: the Excel template (.xlsx, or .ods
from LibreOffice), Aiken or GIFT (.txt, .gift, or a Word .docx). A preview first, then all
or nothing, through save_question so that an imported question is exactly like one typed in
the editor.

A question already in the bank (not archived) with the same type and text, compared without
differences of case and spacing, is skipped, as is a repeat within the file: importing the
same file twice adds nothing. The upload waits between the preview and the confirmation in
JOB_FILES_FOLDER (purged after a day), under a random token, for its user and course only.
"""

import base64
import contextlib
import io
import json
import os
import re
import secrets
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import lazy_gettext as _l

from lms.authoring import question_formats as formats
from lms.authoring.questions import check_question, save_question
from lms.catalog.queries import get_questions
from lms.core.audit import record_audit
from lms.core.errors import ImportRejected
from lms.core.spreadsheets import RowError
from lms.quizzes.types import normalise_text

FORMAT_LABELS = {"excel": _l("Excel template"), "aiken": _l("Aiken (text)"),
                 "gift": _l("GIFT (Moodle)")}
EXTENSIONS = ("xlsx", "ods", "docx", "txt", "gift")
# The editor's fields (check_question keys) as the Excel template's columns.
_EXCEL_COLUMNS = {"text": "text", "type": "type", "explanation": "explanation",
                  "options": "right", "answers": "answers"}
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


@dataclass
class ImportPreview:
    """What a file would do: its format, the questions to add, those skipped (already in the
    bank or repeated in the file) and every problem, by row or line."""

    format: str
    filename: str
    questions: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def line_based(self):
        return self.format != "excel"


def _extension(filename):
    return os.path.splitext(filename or "")[1].lower()


def _text(data, filename):
    """(text or TextLines, error) of a text file or a Word document."""
    if _extension(filename) == ".docx":
        return formats.read_docx_lines(data, filename)
    return formats.decode_text(data, filename)


def file_format(filename, data):
    """"excel", "aiken" or "gift" from the name (and, for .txt and .docx, the content)."""
    extension = _extension(filename)
    if extension in (".xlsx", ".ods"):
        return "excel"
    if extension == ".gift":
        return "gift"
    text, _error = _text(data, filename)
    return "gift" if text is not None and formats.looks_like_gift(text) else "aiken"


def _read(data, filename, fmt):
    if fmt == "excel":
        return formats.read_excel(io.BytesIO(data), filename)
    text, error = _text(data, filename)
    if error is not None:
        return [], [error]
    parsed, errors = (formats.read_gift if fmt == "gift" else formats.read_aiken)(text)
    if not parsed and not errors:
        errors.append(RowError(None, None, _l("%(file)s has no questions.", file=filename)))
    if errors and getattr(text, "hint", None):
        errors.append(RowError(None, None, text.hint))
    return parsed, errors


def _identity(data):
    return data["type"], normalise_text(data["text"])


def preview_import(course, data, filename, fmt=None):
    """The ImportPreview of a file for the course's bank; writes nothing. An unreadable file
    is a preview with its error."""
    fmt = fmt or file_format(filename, data)
    preview = ImportPreview(fmt, filename)
    try:
        parsed, errors = _read(data, filename, fmt)
    except ImportRejected as rejected:  # the spreadsheet reader's header and file problems
        preview.errors = rejected.errors
        return preview
    for question in parsed:
        problems = check_question(question.data)
        if sum(1 for text, _ok in question.data["options"] if text.strip()) > \
                len(formats.OPTION_LETTERS):
            problems.append(("options", _l("At most %(n)s options.",
                                           n=len(formats.OPTION_LETTERS))))
        column = _EXCEL_COLUMNS.get if fmt == "excel" else (lambda _key: None)
        errors.extend(RowError(question.where, column(key), message)
                      for key, message in problems)
    preview.errors = ImportRejected(errors).errors if errors else []
    if preview.errors:
        return preview
    seen = {_identity({"type": q.type, "text": q.text}) for q in get_questions(course.id)}
    for question in parsed:
        key = _identity(question.data)
        (preview.skipped if key in seen else preview.questions).append(question)
        seen.add(key)
    return preview


def import_questions(course, data, filename, actor=None, fmt=None):
    """Add the file's new questions to the bank, all or nothing; ImportRejected lists every
    problem. Returns the ImportPreview of what was done."""
    preview = preview_import(course, data, filename, fmt)
    if preview.errors:
        raise ImportRejected(preview.errors)
    for question in preview.questions:
        save_question(course, question.data)
    if preview.questions:
        record_audit(actor, "quiz.import_questions", course, file=filename,
                     format=preview.format, added=len(preview.questions),
                     skipped=len(preview.skipped))
    return preview


def error_text(error, line_based=False):
    """A problem as shown to the trainer: "Dòng 14: …", with the Excel column's header."""
    if error.row is None:
        return str(error.message)
    labels = {column.name: column.label for column in formats.QUESTION_COLUMNS}
    if error.column and not line_based:
        return str(_l("Row %(row)s, column %(column)s: %(message)s", row=error.row,
                      column=labels.get(error.column, error.column), message=error.message))
    return str(_l("Line %(row)s: %(message)s", row=error.row, message=error.message))


# --- The upload between the preview and the confirmation ---------------------------------

def _staged_path(token):
    return os.path.join(current_app.config["JOB_FILES_FOLDER"], f"questions-{token}.json")


def stage_upload(user, course, data, filename):
    """Keep the uploaded file for its confirmation; returns the token that names it."""
    token = secrets.token_urlsafe(24)
    os.makedirs(current_app.config["JOB_FILES_FOLDER"], exist_ok=True)
    with open(_staged_path(token), "w", encoding="utf-8") as stream:
        json.dump({"user_id": user.id, "course_id": course.id, "filename": filename,
                   "data": base64.b64encode(data).decode("ascii")}, stream)
    return token


def staged_upload(user, course, token):
    """(data, filename) of the upload the token names, if it is this user's for this course;
    None when it is unknown, someone else's or already imported."""
    if not token or not _TOKEN.fullmatch(token):
        return None
    try:
        with open(_staged_path(token), encoding="utf-8") as stream:
            staged = json.load(stream)
    except (OSError, ValueError):
        return None
    if staged.get("user_id") != user.id or staged.get("course_id") != course.id:
        return None
    return base64.b64decode(staged["data"]), staged["filename"]


def discard_upload(token):
    if token and _TOKEN.fullmatch(token):
        with contextlib.suppress(FileNotFoundError):
            os.remove(_staged_path(token))
