"""Reads on surveys: which survey a learner may answer, and the results: one GROUP BY for the
ratings' distribution, one list of comments, the same for the page and the export."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import exists, func, select

from lms.authoring.queries import may_edit_course
from lms.extensions import db
from lms.feedback.models import (
    RATINGS,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyRespondent,
    SurveyResponse,
)
from lms.learning.models import CourseCompletion
from lms.org.models import Cadre, Unit, UnitClosure
from lms.org.scope import is_unit_in_scope, scope_root_id
from lms.training.models import Attendance

# An anonymous survey shows nothing until this many learners answered: with one or two
# answers, whoever knows who finished could tell who said what.
MIN_ANONYMOUS_GROUP = 3
# What results_scope answers for "every response" (None would read as "not allowed").
EVERYONE = "everyone"


def get_survey(survey_id):
    return db.session.get(Survey, survey_id)


def get_course_survey(course_id):
    return db.session.scalar(select(Survey).where(Survey.course_id == course_id))


def get_session_survey(session_id):
    return db.session.scalar(select(Survey).where(Survey.session_id == session_id))


def count_responses(survey_id):
    """How many learners answered."""
    return db.session.scalar(select(func.count()).select_from(SurveyRespondent)
                             .where(SurveyRespondent.survey_id == survey_id))


def survey_status(survey):
    """The template values of feedback/_status.html: the survey (or None) and its count of
    answers."""
    return {"survey": survey,
            "survey_responses": count_responses(survey.id) if survey is not None else 0}


def has_answered(survey_id, cadre_id):
    return db.session.get(SurveyRespondent, (survey_id, cadre_id)) is not None


def may_answer(survey, cadre_id):
    """True when the survey is hers: she completed its course, or attended its session."""
    if survey.course_id is not None:
        fact = select(CourseCompletion.id).where(CourseCompletion.course_id == survey.course_id,
                                                 CourseCompletion.cadre_id == cadre_id)
    else:
        fact = select(Attendance.id).where(Attendance.session_id == survey.session_id,
                                           Attendance.cadre_id == cadre_id)
    return db.session.scalar(select(exists(fact)))


def survey_to_answer(survey, cadre_id):
    """The survey if she may answer it and has not: what her pages offer her."""
    if survey is None or has_answered(survey.id, cadre_id) or not may_answer(survey, cadre_id):
        return None
    return survey


def survey_before_certificate(course_id, cadre_id):
    """The course's survey when it must be answered before her certificate, and she has not."""
    survey = get_course_survey(course_id)
    if survey is None or not survey.is_required or has_answered(survey.id, cadre_id):
        return None
    return survey


def may_manage(user, survey):
    """Who edits a survey: the course's trainer (or an admin); for a session, its organizers."""
    if survey.course_id is not None:
        return may_edit_course(user, survey.course)
    return user.is_admin or (user.has_role("organizer") and is_unit_in_scope(
        scope_root_id(user), survey.session.unit_id))


def results_scope(user, survey):
    """Whose answers `user` may read: EVERYONE, a unit id (the answers of that subtree's
    cadres), or None (none)."""
    if user.is_admin:
        return EVERYONE
    if survey.course_id is not None:
        if may_edit_course(user, survey.course):
            return EVERYONE
        # An organizer reads her subtree's answers to a course only when they carry names:
        # an anonymous response keeps no unit, for a unit's figures taken from its parent's
        # would single out the one learner who is in one and not the other.
        if user.has_role("organizer") and not survey.is_anonymous:
            return scope_root_id(user)
        return None
    if user.has_role("organizer") and is_unit_in_scope(scope_root_id(user),
                                                       survey.session.unit_id):
        return EVERYONE
    return None


@dataclass
class QuestionResult:
    question: SurveyQuestion
    counts: dict = field(default_factory=dict)  # rating -> number of answers
    comments: list = field(default_factory=list)  # (text, cadre name or None)

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def average(self):
        if not self.total:
            return None
        mean = Decimal(sum(r * n for r, n in self.counts.items())) / self.total
        return mean.quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class SurveyResults:
    survey: Survey
    responses: int
    questions: list
    # An anonymous survey with fewer answers than MIN_ANONYMOUS_GROUP shows none of them.
    withheld: bool = False


def _responses(survey, unit_root_id):
    """The survey's responses as a subquery, limited to a subtree's cadres (named only)."""
    query = select(SurveyResponse.id).where(SurveyResponse.survey_id == survey.id)
    if unit_root_id is not EVERYONE:
        query = (query.join(Cadre, Cadre.id == SurveyResponse.cadre_id)
                 .join(UnitClosure, UnitClosure.descendant_id == Cadre.unit_id)
                 .where(UnitClosure.ancestor_id == unit_root_id))
    return query


def get_results(survey, unit_root_id=EVERYONE):
    """The distribution of every rating question and the comments of the open ones."""
    responses = _responses(survey, unit_root_id).subquery()
    count = db.session.scalar(select(func.count()).select_from(responses))
    results = {question.id: QuestionResult(question) for question in survey.questions}
    if survey.is_anonymous and count < MIN_ANONYMOUS_GROUP:
        return SurveyResults(survey, count, list(results.values()), withheld=True)
    for result in results.values():
        if result.question.kind == "rating":
            result.counts = dict.fromkeys(RATINGS, 0)
    rows = db.session.execute(
        select(SurveyAnswer.question_id, SurveyAnswer.rating, func.count())
        .where(SurveyAnswer.response_id.in_(select(responses.c.id)),
               SurveyAnswer.rating.is_not(None))
        .group_by(SurveyAnswer.question_id, SurveyAnswer.rating))
    for question_id, rating, number in rows:
        results[question_id].counts[rating] = number
    # By the random response id: the order of answering shows nowhere.
    comments = db.session.execute(
        select(SurveyAnswer.question_id, SurveyAnswer.text, Cadre.full_name)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .outerjoin(Cadre, Cadre.id == SurveyResponse.cadre_id)
        .where(SurveyAnswer.response_id.in_(select(responses.c.id)),
               SurveyAnswer.text.is_not(None))
        .order_by(SurveyAnswer.response_id))
    for question_id, text, name in comments:
        results[question_id].comments.append((text, name))
    return SurveyResults(survey, count, list(results.values()))


def get_response_rows(survey, unit_root_id=EVERYONE):
    """One row per response for the export: (name, unit, day) first for a named survey, then
    each question's answer; ordered by the random response id. Nothing when withheld."""
    responses = _responses(survey, unit_root_id).subquery()
    count = db.session.scalar(select(func.count()).select_from(responses))
    if survey.is_anonymous and count < MIN_ANONYMOUS_GROUP:
        return []
    answers = {}
    for response_id, question_id, rating, text in db.session.execute(
            select(SurveyAnswer.response_id, SurveyAnswer.question_id, SurveyAnswer.rating,
                   SurveyAnswer.text)
            .where(SurveyAnswer.response_id.in_(select(responses.c.id)))):
        answers[(response_id, question_id)] = rating if rating is not None else text
    heads = db.session.execute(
        select(SurveyResponse.id, Cadre.full_name, Unit.name, SurveyResponse.submitted_on)
        .outerjoin(Cadre, Cadre.id == SurveyResponse.cadre_id)
        .outerjoin(Unit, Unit.id == Cadre.unit_id)
        .where(SurveyResponse.id.in_(select(responses.c.id)))
        .order_by(SurveyResponse.id))
    rows = []
    for response_id, name, unit, day in heads:
        first = [] if survey.is_anonymous else [name, unit, day]
        rows.append(first + [answers.get((response_id, q.id)) for q in survey.questions])
    return rows
