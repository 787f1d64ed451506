"""Writes on surveys: attaching one with the default questions, editing its questions and
settings, and a learner's answers. They flush; the caller commits."""

import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms.core.clock import local_today
from lms.core.errors import DomainError
from lms.extensions import db
from lms.feedback.models import (
    QUESTION_KINDS,
    RATINGS,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyRespondent,
    SurveyResponse,
)
from lms.feedback.queries import count_responses, has_answered, may_answer

# The usual phiếu đánh giá sau tập huấn, written in Vietnamese: the platform's language, and
# the form the Union's units already hand out on paper.
DEFAULT_QUESTIONS = (
    ("rating", "Nội dung khóa học thiết thực, phù hợp với công việc của chị"),
    ("rating", "Giảng viên/báo cáo viên truyền đạt dễ hiểu, nhiệt tình"),
    ("rating", "Tài liệu, hình thức tổ chức (thời gian, địa điểm, nền tảng) phù hợp"),
    ("rating", "Mức độ hữu ích: chị áp dụng được vào công việc hội"),
    ("text", "Điều chị thấy hữu ích nhất"),
    ("text", "Điều cần cải tiến, góp ý cho lần sau"),
)
MAX_TEXT = 2000


class SurveyClosed(DomainError):
    """The learner may not answer (already answered, or not her course or session)."""


def create_survey(*, course=None, session=None, actor=None):
    """Attach a survey with the default questions to a course or a session; anonymous and
    optional until the author says otherwise."""
    survey = Survey(course=course, session=session, is_anonymous=True, is_required=False,
                    created_by_id=actor.id if actor is not None else None)
    survey.questions = [SurveyQuestion(position=index, kind=kind, text=text)
                        for index, (kind, text) in enumerate(DEFAULT_QUESTIONS, start=1)]
    db.session.add(survey)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise DomainError(_l("This already has a survey.")) from None
    return survey


def update_settings(survey, *, is_anonymous, is_required):
    """Change whether answers are anonymous and whether they come before the certificate."""
    if is_anonymous != survey.is_anonymous and count_responses(survey.id):
        # Answers given under one promise must not be read under the other.
        raise DomainError(_l("Answers have been given: whether the survey is anonymous can no "
                             "longer change."), field="is_anonymous")
    if is_required and survey.session_id is not None:
        raise DomainError(_l("A session has no certificate to wait for."), field="is_required")
    survey.is_anonymous, survey.is_required = is_anonymous, is_required
    db.session.flush()


def _refuse_once_answered(survey):
    if count_responses(survey.id):
        raise DomainError(_l("Answers have been given: the questions can no longer change, "
                             "so that every answer counts toward the same questions."))


def add_question(survey, kind, text):
    """Add a question at the end."""
    _refuse_once_answered(survey)
    if kind not in QUESTION_KINDS:
        raise DomainError(_l("Choose the kind of question."), field="kind")
    last = db.session.scalar(select(func.max(SurveyQuestion.position))
                             .where(SurveyQuestion.survey_id == survey.id)) or 0
    question = SurveyQuestion(survey=survey, position=last + 1, kind=kind, text=text.strip())
    db.session.add(question)
    db.session.flush()
    return question


def remove_question(survey, question_id):
    """Remove a question (only while nobody has answered)."""
    _refuse_once_answered(survey)
    question = db.session.get(SurveyQuestion, question_id)
    if question is None or question.survey_id != survey.id:
        raise DomainError(_l("That question is not in this survey."))
    db.session.delete(question)
    db.session.flush()


def submit_response(survey, cadre, answers):
    """Record a learner's answers once. `answers` maps question id to a rating (1-5) or a
    text; every rating question must be answered, open ones may stay empty."""
    if not may_answer(survey, cadre.id) or has_answered(survey.id, cadre.id):
        raise SurveyClosed(_l("You have already answered this survey, or it is not yours "
                              "to answer."))
    rows = []
    for question in survey.questions:
        value = answers.get(question.id)
        if question.kind == "rating":
            if value not in RATINGS:
                raise DomainError(_l("Choose a rating from 1 to 5 for every question."),
                                  field=f"q{question.id}")
            rows.append(SurveyAnswer(question_id=question.id, rating=value))
        elif (text := (value or "").strip()[:MAX_TEXT]):
            rows.append(SurveyAnswer(question_id=question.id, text=text))
    named = not survey.is_anonymous
    response = SurveyResponse(id=secrets.token_hex(16), survey_id=survey.id,
                              cadre_id=cadre.id if named else None,
                              submitted_on=local_today() if named else None, answers=rows)
    db.session.add_all([response, SurveyRespondent(survey_id=survey.id, cadre_id=cadre.id)])
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        # The same learner on two tabs at once: the respondent's key lets one through.
        raise SurveyClosed(_l("You have already answered this survey.")) from None
    return response
