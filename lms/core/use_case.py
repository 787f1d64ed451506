"""One use case, one commit: how every view runs a write.

Services flush and raise DomainError; they never commit. A view hands the one service call to
`run`, which commits it, or rolls it back and shows the refusal where the user is looking.
"""

from flask import flash

from lms.core.errors import DomainError
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
