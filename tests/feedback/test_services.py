"""Surveys: the default questions, answering once, the settings that may no longer change,
and the results' distribution."""

import pytest
from sqlalchemy import func, select

from lms.core.errors import DomainError
from lms.extensions import db
from lms.feedback.models import SurveyRespondent, SurveyResponse
from lms.feedback.queries import (
    get_results,
    get_session_survey,
    survey_before_certificate,
    survey_to_answer,
)
from lms.feedback.services import (
    DEFAULT_QUESTIONS,
    SurveyClosed,
    add_question,
    create_survey,
    remove_question,
    submit_response,
    update_settings,
)
from lms.training.services import add_attendees
from tests.factories import make_cadre, make_session
from tests.feedback.helpers import answered, answers_for, course_survey
from tests.learning.cert_helpers import make_completion


def test_a_new_survey_has_the_usual_vietnamese_questions_anonymous_and_optional(org):
    survey = course_survey()
    assert [q.text for q in survey.questions] == [text for _kind, text in DEFAULT_QUESTIONS]
    assert [q.kind for q in survey.questions] == ["rating"] * 4 + ["text"] * 2
    assert any("Giảng viên/báo cáo viên" in q.text for q in survey.questions)
    assert any("cần cải tiến" in q.text for q in survey.questions)
    assert survey.is_anonymous and not survey.is_required


def test_a_course_has_one_survey(org):
    survey = course_survey()
    with pytest.raises(DomainError):
        create_survey(course=survey.course)


def test_she_answers_once_after_completing_and_not_before(org):
    survey = course_survey()
    cadre = make_cadre(org.branch_a1)
    assert survey_to_answer(survey, cadre.id) is None  # not completed yet
    with pytest.raises(SurveyClosed):
        submit_response(survey, cadre, answers_for(survey))
    db.session.rollback()
    answered(survey, cadre, rating=5, text="Rất bổ ích")
    assert survey_to_answer(survey, cadre.id) is None
    with pytest.raises(SurveyClosed):
        submit_response(survey, cadre, answers_for(survey))


def test_every_rating_must_be_between_1_and_5(org):
    survey = course_survey()
    cadre = make_cadre(org.branch_a1)
    make_completion(cadre=cadre, course=survey.course)
    for wrong in (None, 0, 6):
        with pytest.raises(DomainError) as refused:
            submit_response(survey, cadre, answers_for(survey, rating=wrong))
        assert refused.value.field == f"q{survey.questions[0].id}"
        db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(SurveyRespondent)) == 0


def test_an_anonymous_response_keeps_no_cadre_no_date_and_a_random_key(org):
    survey = course_survey()
    cadres = [make_cadre(org.branch_a1) for _ in range(3)]
    responses = [answered(survey, cadre) for cadre in cadres]
    for response in responses:
        assert response.cadre_id is None and response.submitted_on is None
        assert len(response.id) == 32 and not response.id.isdigit()
    assert len({r.id for r in responses}) == 3
    respondents = db.session.scalars(select(SurveyRespondent)).all()
    assert {r.cadre_id for r in respondents} == {c.id for c in cadres}
    # Nothing on the respondent row besides the survey and the cadre.
    assert set(SurveyRespondent.__table__.columns.keys()) == {"survey_id", "cadre_id"}


def test_a_named_response_keeps_who_and_the_day(org):
    survey = course_survey(is_anonymous=False)
    cadre = make_cadre(org.branch_a1)
    response = answered(survey, cadre)
    assert response.cadre_id == cadre.id and response.submitted_on is not None


def test_results_count_each_rating_and_list_the_comments(org):
    survey = course_survey()
    for rating, text in ((5, "Hay"), (4, None), (5, "Cần thêm ví dụ")):
        answered(survey, make_cadre(org.branch_a1), rating=rating, text=text)
    results = get_results(survey)
    assert results.responses == 3 and not results.withheld
    first = results.questions[0]
    assert first.counts == {1: 0, 2: 0, 3: 0, 4: 1, 5: 2}
    assert str(first.average) == "4.7"
    improve = results.questions[-1]
    assert sorted(text for text, _name in improve.comments) == ["Cần thêm ví dụ", "Hay"]
    assert all(name is None for _text, name in improve.comments)


def test_an_anonymous_survey_withholds_results_below_three_answers(org):
    survey = course_survey()
    answered(survey, make_cadre(org.branch_a1), text="Chỉ mình tôi")
    answered(survey, make_cadre(org.branch_a1))
    results = get_results(survey)
    assert results.withheld and results.responses == 2
    assert all(not q.comments and not q.counts for q in results.questions)


def test_questions_and_anonymity_stay_fixed_once_answered(org):
    survey = course_survey()
    question = add_question(survey, "text", "Chị muốn học thêm chủ đề gì?")
    assert survey.questions[-1].id == question.id and question.position == 7
    remove_question(survey, question.id)
    answered(survey, make_cadre(org.branch_a1))
    with pytest.raises(DomainError):
        add_question(survey, "rating", "Thêm")
    with pytest.raises(DomainError):
        remove_question(survey, survey.questions[0].id)
    with pytest.raises(DomainError) as refused:
        update_settings(survey, is_anonymous=False, is_required=False)
    assert refused.value.field == "is_anonymous"
    update_settings(survey, is_anonymous=True, is_required=True)
    assert survey.is_required


def test_a_required_survey_holds_the_certificate_until_answered(org):
    survey = course_survey(is_required=True)
    cadre = make_cadre(org.branch_a1)
    make_completion(cadre=cadre, course=survey.course)
    assert survey_before_certificate(survey.course_id, cadre.id) == survey
    submit_response(survey, cadre, answers_for(survey))
    db.session.commit()
    assert survey_before_certificate(survey.course_id, cadre.id) is None


def test_a_session_survey_is_for_its_attendees_and_never_required(org):
    session = make_session(org.ward_a)
    survey = create_survey(session=session)
    db.session.commit()
    assert get_session_survey(session.id) == survey
    came, stayed_home = make_cadre(org.branch_a1), make_cadre(org.branch_a1)
    add_attendees(session, [came.id], scope_root_id=None)
    db.session.commit()
    assert survey_to_answer(survey, came.id) == survey
    assert survey_to_answer(survey, stayed_home.id) is None
    with pytest.raises(DomainError):
        update_settings(survey, is_anonymous=True, is_required=True)
    submit_response(survey, came, answers_for(survey, text="Bổ ích"))
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == 1
