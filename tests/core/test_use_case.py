"""The one place a use case is committed or rolled back."""

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import func, select
from wtforms import StringField

from lms.core.errors import DomainError
from lms.core.models import AuditLog
from lms.core.use_case import run
from lms.extensions import db


class NameForm(FlaskForm):
    name = StringField()


def _write_then(error=None):
    db.session.add(AuditLog(action="test.write", object_type="x", detail={}))
    db.session.flush()
    if error is not None:
        raise error
    return "done"


def _count():
    return db.session.scalar(select(func.count()).select_from(AuditLog))


def test_a_use_case_is_committed(app):
    with app.test_request_context():
        assert run(_write_then) == (True, "done")
        db.session.remove()
        assert _count() == 1


def test_a_refusal_rolls_back_and_lands_on_its_field(app):
    with app.test_request_context(method="POST"):
        form = NameForm(meta={"csrf": False})
        ok, result = run(lambda: _write_then(DomainError("Tên đã có", field="name")), form)
        assert (ok, result) == (False, None)
        assert form.name.errors == ["Tên đã có"]
        assert _count() == 0


def test_a_refusal_without_a_field_is_flashed(app):
    from flask import get_flashed_messages

    with app.test_request_context(method="POST"):
        assert run(lambda: _write_then(DomainError("Không được phép"))) == (False, None)
        assert get_flashed_messages(with_categories=True) == [("error", "Không được phép")]
        assert _count() == 0


def test_any_other_error_rolls_back_and_propagates(app):
    with app.test_request_context(), pytest.raises(ZeroDivisionError):
        run(lambda: _write_then(ZeroDivisionError()))
    with app.app_context():
        assert _count() == 0


def test_a_json_endpoint_gets_the_refusal_back_rolled_back_and_unflashed(app):
    from flask import get_flashed_messages

    with app.test_request_context(method="POST"):
        with pytest.raises(DomainError):
            run(lambda: _write_then(DomainError("Đã hết giờ")), reraise=True)
        assert get_flashed_messages() == []
        assert _count() == 0
