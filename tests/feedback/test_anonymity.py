"""An anonymous survey's answers cannot be tied to a learner through any page, export or API:
not by a name, a code or a unit beside them, not by a date, and not by their order."""

import io
import itertools

import pytest
from openpyxl import load_workbook
from sqlalchemy import Date, DateTime, inspect, select

from lms.extensions import db
from lms.feedback import services
from lms.feedback.models import SurveyAnswer, SurveyRespondent, SurveyResponse
from tests.conftest import login, logout
from tests.factories import make_cadre, make_user
from tests.feedback.helpers import answered, course_survey

# Every page of the feedback blueprint that shows something; a new one must join this test.
FEEDBACK_PAGES = {"feedback.attach", "feedback.edit", "feedback.answer", "feedback.results",
                  "feedback.export"}


@pytest.fixture
def answered_in_order(org, monkeypatch):
    """An anonymous course survey three learners answered, first to last, with keys handed
    out in falling order: whatever order the pages show, it must not be the order of
    answering."""
    keys = (f"{n:032x}" for n in itertools.count(0xfff, -1))
    monkeypatch.setattr(services.secrets, "token_hex", lambda _n: next(keys))
    trainer = make_user("trainer", role="trainer")
    survey = course_survey(owner=trainer)
    learners = []
    for order, unit in (("thứ nhất", org.branch_a1), ("thứ hai", org.group_a1a),
                        ("thứ ba", org.branch_b1)):
        cadre = make_cadre(unit, full_name=f"Học viên {order}", code=f"HV-{order[-3:]}")
        make_user(f"hv{len(learners)}", cadre=cadre)
        answered(survey, cadre, rating=len(learners) + 3, text=f"Ý kiến người {order}")
        learners.append(cadre)
    return survey, learners


def _identifiers(learners):
    return [text for cadre in learners
            for text in (cadre.full_name, cadre.code, cadre.unit.name, cadre.unit.code)]


def _sheet_text(data):
    return "\n".join(" ".join(str(v) for v in row if v is not None)
                     for row in load_workbook(io.BytesIO(data)).active.values)


def _everything_a_viewer_reads(client, survey):
    """The text of every feedback page and export about the survey the signed-in user gets."""
    urls = [f"/feedback/surveys/{survey.id}/edit", f"/feedback/courses/{survey.course_id}/survey",
            f"/feedback/surveys/{survey.id}/results", f"/feedback/surveys/{survey.id}",
            f"/feedback/surveys/{survey.id}/results.csv", f"/courses/{survey.course.slug}",
            f"/author/courses/{survey.course_id}"]
    texts = {url: client.get(url, follow_redirects=True).get_data(as_text=True)
             for url in urls}
    xlsx = client.get(f"/feedback/surveys/{survey.id}/results.xlsx")
    if xlsx.status_code == 200:
        texts["xlsx"] = _sheet_text(xlsx.data)
    return texts


def test_no_page_or_export_names_who_gave_an_anonymous_answer(client, answered_in_order):
    survey, learners = answered_in_order
    make_user("admin", role="admin")
    make_user("organizer", role="organizer", unit=learners[0].unit)
    for viewer in ("trainer", "admin", "organizer", "hv0"):
        login(client, viewer)
        for where, text in _everything_a_viewer_reads(client, survey).items():
            for identifier in _identifiers(learners):
                assert identifier not in text, (viewer, where, identifier)
        logout(client)


def test_the_trainer_sees_the_answers_but_never_in_the_order_given(client, answered_in_order):
    survey, _learners = answered_in_order
    login(client, "trainer")
    page = client.get(f"/feedback/surveys/{survey.id}/results").get_data(as_text=True)
    shown = sorted(("thứ nhất", "thứ hai", "thứ ba"), key=lambda o: page.index(f"người {o}"))
    # The keys fell as the answers came: the page follows the keys, so here it shows the
    # answers last to first; with the real random keys, in an order nobody chose.
    assert shown == ["thứ ba", "thứ hai", "thứ nhất"]
    csv = client.get(f"/feedback/surveys/{survey.id}/results.csv").get_data(as_text=True)
    assert csv.index("người thứ ba") < csv.index("người thứ hai") < csv.index("người thứ nhất")
    # Nor does a key or any other handle of a single response appear anywhere.
    keys = db.session.scalars(select(SurveyResponse.id)).all()
    for text in _everything_a_viewer_reads(client, survey).values():
        assert not any(key in text for key in keys)


def test_the_tables_keep_no_link_between_who_answered_and_what(answered_in_order):
    survey, learners = answered_in_order
    responses = db.session.scalars(select(SurveyResponse)).all()
    assert all(r.cadre_id is None and r.submitted_on is None for r in responses)
    assert {r.cadre_id for r in db.session.scalars(select(SurveyRespondent))} == {
        c.id for c in learners}
    # No counter and no clock: nothing to line the respondents up with the responses.
    for model in (SurveyRespondent, SurveyResponse, SurveyAnswer):
        columns = inspect(model).columns
        assert not any(isinstance(c.type, DateTime) for c in columns), model
        assert not any(c.autoincrement is True for c in columns), model
        assert not [c for c in columns if isinstance(c.type, Date)
                    and model is not SurveyResponse], model
    assert set(SurveyRespondent.__table__.columns.keys()) == {"survey_id", "cadre_id"}
    assert set(SurveyResponse.__table__.columns.keys()) == {
        "id", "survey_id", "cadre_id", "submitted_on"}


def test_every_feedback_page_is_covered_and_the_api_has_no_survey(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    assert {e for e in endpoints if e.startswith("feedback.")} == FEEDBACK_PAGES
    api_rules = [rule.rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/api")]
    assert api_rules and not [r for r in api_rules if "survey" in r or "feedback" in r]
