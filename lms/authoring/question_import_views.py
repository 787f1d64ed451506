"""Importing questions into a course's bank: upload, preview, confirm; the Excel template
and the Word example."""

import io

from flask import flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from lms.auth.decorators import trainer_required
from lms.authoring import bp
from lms.authoring import question_import as importer
from lms.authoring.access import authored_course_or_404
from lms.authoring.question_formats import (
    QUESTION_COLUMNS,
    aiken_example_docx,
    template_workbook,
)
from lms.authoring.question_forms import (
    QUESTION_TYPE_LABELS,
    ConfirmImportForm,
    QuestionImportForm,
)
from lms.catalog.storage import DOCX
from lms.core.errors import ImportRejected
from lms.core.spreadsheets import MIMETYPES
from lms.core.use_case import run


def _page(course, form, preview=None, confirm=None):
    errors = [importer.error_text(error, preview.line_based) for error in preview.errors] \
        if preview else []
    return render_template("authoring/question_import.html", course=course, form=form,
                           preview=preview, errors=errors, confirm=confirm,
                           formats=importer.FORMAT_LABELS, columns=QUESTION_COLUMNS,
                           type_labels=QUESTION_TYPE_LABELS)


@bp.route("/courses/<int:course_id>/questions/import", methods=["GET", "POST"])
@trainer_required
def import_questions(course_id):
    course = authored_course_or_404(course_id)
    form = QuestionImportForm()
    if not form.validate_on_submit():
        return _page(course, form)
    upload = form.file.data
    data, filename = upload.read(), upload.filename
    preview = importer.preview_import(course, data, filename)
    confirm = None
    if not preview.errors and preview.questions:
        confirm = ConfirmImportForm(token=importer.stage_upload(current_user, course, data,
                                                                filename))
    return _page(course, form, preview, confirm)


@bp.route("/courses/<int:course_id>/questions/import/confirm", methods=["POST"])
@trainer_required
def confirm_question_import(course_id):
    course = authored_course_or_404(course_id)
    form = ConfirmImportForm()
    staged = importer.staged_upload(current_user, course, form.token.data) \
        if form.validate_on_submit() else None
    if staged is None:
        flash(_("This preview is no longer available. Please upload the file again."), "error")
        return redirect(url_for("authoring.import_questions", course_id=course.id))
    data, filename = staged
    try:
        _ok, preview = run(lambda: importer.import_questions(course, data, filename,
                                                             current_user), reraise=True)
    except ImportRejected:
        # The bank changed since the preview: show what stands in the way now.
        return _page(course, QuestionImportForm(),
                     importer.preview_import(course, data, filename))
    importer.discard_upload(form.token.data)
    flash(_("Questions added: %(added)s; already in the bank, skipped: %(skipped)s.",
            added=len(preview.questions), skipped=len(preview.skipped)), "success")
    return redirect(url_for("authoring.edit_bank", course_id=course.id))


@bp.route("/courses/<int:course_id>/questions/import/template.xlsx")
@trainer_required
def question_import_template(course_id):
    authored_course_or_404(course_id)
    return send_file(io.BytesIO(template_workbook()), mimetype=MIMETYPES["xlsx"],
                     as_attachment=True, download_name="mau-nhap-cau-hoi.xlsx")


@bp.route("/courses/<int:course_id>/questions/import/example.docx")
@trainer_required
def question_import_word_example(course_id):
    authored_course_or_404(course_id)
    return send_file(io.BytesIO(aiken_example_docx()), mimetype=DOCX,
                     as_attachment=True, download_name="mau-cau-hoi-word.docx")
