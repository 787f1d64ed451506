"""Drafting, publishing, rolling over and deleting programmes."""

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.training.programmes.models import Programme, programme_requirement_course
from lms.training.programmes.services import (
    ProgrammeError,
    add_requirement,
    create_programme,
    delete_programme,
    publish_programme,
    roll_over_programme,
)
from tests import factories
from tests.training.programme_helpers import make_programme


@pytest.fixture
def courses(app_ctx):
    from types import SimpleNamespace
    return SimpleNamespace(law=factories.make_course("Luật"), it1=factories.make_course("IT 1"),
                           it2=factories.make_course("IT 2"))


def test_roll_over_copies_to_next_year_as_draft(org, courses):
    programme = make_programme(org.ward_a, courses, due=date(2026, 11, 30), only_chairs=True)
    copy = roll_over_programme(programme)
    db.session.commit()
    assert (copy.year, copy.due_date, copy.status, copy.rolled_from_id, copy.only_chairs) == (
        2027, date(2027, 11, 30), "draft", programme.id, True)
    assert [(r.kind, [c.id for c in r.courses], r.hours, r.track) for r in copy.requirements] == [
        ("course", [courses.law.id], None, None),
        ("one_of", sorted([courses.it1.id, courses.it2.id],
                          key=lambda i: db.session.get(type(courses.law), i).title), None, None),
        ("hours", [], Decimal("8.0"), "digital")]
    with pytest.raises(ProgrammeError):
        roll_over_programme(programme)


def test_a_published_programme_is_not_edited_and_not_deleted(org, courses):
    programme = make_programme(org.ward_a, courses)
    with pytest.raises(ProgrammeError):
        add_requirement(programme, "hours", hours=Decimal(2))
    with pytest.raises(ProgrammeError):
        delete_programme(programme)


def test_requirements_are_checked(org, courses):
    programme = create_programme(org.ward_a, 2026, "P", date(2026, 12, 31))
    with pytest.raises(ProgrammeError):
        publish_programme(programme)  # no requirement yet
    with pytest.raises(ProgrammeError):
        add_requirement(programme, "one_of", [courses.law.id])
    with pytest.raises(ProgrammeError):
        add_requirement(programme, "hours", hours=Decimal(0))
    with pytest.raises(ProgrammeError):
        create_programme(org.ward_a, 2026, "P", date(2027, 1, 31))  # due in another year


def test_deleting_a_draft_removes_its_requirements(org, courses):
    programme = make_programme(org.ward_a, courses, publish=False)
    delete_programme(programme)
    db.session.commit()
    assert db.session.scalar(select(Programme)) is None
    assert db.session.execute(select(programme_requirement_course)).all() == []
