"""One use case, one commit: how every view runs a write.

Services flush and raise DomainError; they never commit. A view hands the one service call to
`run`, which commits it, or rolls it back and shows the refusal where the user is looking.
"""

from flask import flash
from sqlalchemy.exc import IntegrityError

from lms.core.errors import DomainError, ImportClash, ImportRejected
from lms.extensions import db


def run(action, form=None, category="error", reraise=False):
    """Run `action()` (one service call) and commit; return (True, its result).

    On a DomainError roll back, put its message on `form`'s field named by the error (or
    flash it with `category` when the error names no field of the form) and return
    (False, None); with `reraise` (a JSON endpoint, whose caller would only see a flash on
    its next page) roll back and raise it instead. Any other error rolls back and propagates.
    """
    try:
        result = action()
        db.session.commit()
    except DomainError as error:
        db.session.rollback()
        if reraise:
            raise
        field = getattr(form, error.field, None) if form is not None and error.field else None
        if field is not None:
            field.errors = [*field.errors, str(error)]
        else:
            flash(str(error), category)
        return False, None
    except Exception:
        db.session.rollback()
        raise
    return True, result


def run_in_task(action):
    """Run `action()` for a queued task (or the queueing of one) and commit; return its result.

    Any error rolls back and propagates, so that the queue retries the task.
    """
    try:
        result = action()
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return result


def run_import(form, importer, **importer_args):
    """Import the form's uploaded file with `importer`, all or nothing, as one use case.

    Returns (True, None) once committed with the summary flashed, (False, errors) when the
    file was refused (nothing written; the page lists the problems by row), or (False, None)
    when nothing valid was submitted or the import was refused as a whole (flashed).
    """
    if not form.validate_on_submit():
        return False, None
    upload = form.file.data

    def import_upload():
        try:
            return importer(upload.stream, upload.filename, **importer_args)
        except IntegrityError as error:
            # Another import or edit wrote one of the same codes first.
            raise ImportClash() from error

    try:
        _ok, result = run(import_upload, reraise=True)
    except ImportRejected as rejected:
        return False, rejected.errors
    except DomainError as refused:
        flash(str(refused), "error")
        return False, None
    flash(str(result.summary()), "success")
    return True, None
