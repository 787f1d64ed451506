"""Reads for quizzes: a course's settings, a learner's attempts and answers, and the results
and item analysis for trainers."""

from dataclasses import dataclass

from sqlalchemy import case, func, select

from lms.catalog.models import DEFAULT_SETTINGS
from lms.catalog.queries import get_quiz_settings
from lms.extensions import db
from lms.org.models import Cadre, Unit
from lms.quizzes.models import AttemptAnswer, AttemptResult, QuizAttempt
from lms.quizzes.rules import counting_attempt
from lms.quizzes.types import question_type


def get_settings(course_id):
    """The course's quiz settings, or the defaults when the trainer set none."""
    return get_quiz_settings(course_id) or DEFAULT_SETTINGS


def get_attempt(attempt_id):
    """The attempt with this id, or None."""
    return db.session.get(QuizAttempt, attempt_id)


def _latest_cycle(cadre_id, course_id):
    return (select(func.max(QuizAttempt.cycle))
            .where(QuizAttempt.cadre_id == cadre_id, QuizAttempt.course_id == course_id)
            .scalar_subquery())


def get_latest_cycle(cadre_id, course_id):
    """The latest cycle in which she attempted the course's quiz, or None."""
    return db.session.scalar(select(_latest_cycle(cadre_id, course_id)))


def _in_cycle(cadre_id, course_id, cycle):
    """WHERE clauses: her attempts at the course in `cycle`; None: her latest cycle with an
    attempt (the learning pages pass her enrollment's cycle)."""
    if cycle is None:
        cycle = _latest_cycle(cadre_id, course_id)
    return (QuizAttempt.cadre_id == cadre_id, QuizAttempt.course_id == course_id,
            QuizAttempt.cycle == cycle)


def find_open_attempt(cadre_id, course_id, cycle=None):
    """The learner's attempt in the cycle that is started and not yet submitted, if any."""
    return db.session.scalar(select(QuizAttempt).where(
        *_in_cycle(cadre_id, course_id, cycle),
        QuizAttempt.submitted_at.is_(None)).order_by(QuizAttempt.number.desc()).limit(1))


def count_attempts(cadre_id, course_id, cycle=None):
    """How many attempts the learner has started at the course's quiz in the cycle."""
    return db.session.scalar(select(func.count(QuizAttempt.id)).where(
        *_in_cycle(cadre_id, course_id, cycle)))


def saved_answers(attempt_id):
    """{question id: (response, saved_at)} of an attempt."""
    rows = db.session.execute(select(AttemptAnswer.question_id, AttemptAnswer.response,
                                     AttemptAnswer.saved_at)
                              .where(AttemptAnswer.attempt_id == attempt_id))
    return {qid: (response, saved_at) for qid, response, saved_at in rows}


def answer_sequences(attempt_id):
    """{question id: the phone's number of the saved answer} of the answers that have one:
    the page compares them with the answers the phone still keeps, to show the newer."""
    rows = db.session.execute(select(AttemptAnswer.question_id, AttemptAnswer.sequence)
                              .where(AttemptAnswer.attempt_id == attempt_id,
                                     AttemptAnswer.sequence.is_not(None)))
    return dict(rows.all())


def saved_responses(attempt_id):
    """{question id: response} of an attempt's saved answers."""
    return {qid: response for qid, (response, _at) in saved_answers(attempt_id).items()}


def get_learner_attempts(cadre_id, course_id, cycle=None):
    """The learner's attempts in the cycle with their results, oldest first."""
    return list(db.session.scalars(
        select(QuizAttempt).where(*_in_cycle(cadre_id, course_id, cycle))
        .order_by(QuizAttempt.number)))


def get_counting_result(cadre_id, course_id, rule, cycle=None):
    """The result that counts for the learner in the cycle under the quiz's rule (highest
    or last)."""
    results = list(db.session.scalars(
        select(AttemptResult).join(QuizAttempt)
        .where(*_in_cycle(cadre_id, course_id, cycle))
        .order_by(QuizAttempt.number)))
    return counting_attempt(results, rule)


@dataclass
class QuizOverview:
    attempts: int
    learners: int
    passed_learners: int
    average_percent: float | None
    distribution: list  # [(lower bound of a 10-point band, count)]

    @property
    def pass_rate(self):
        return round(100 * self.passed_learners / self.learners, 1) if self.learners else None


def get_quiz_overview(course_id):
    """Graded attempts, learners, who passed, the average and the spread of scores."""
    graded = (select(AttemptResult.percent, AttemptResult.passed, QuizAttempt.cadre_id)
              .join(QuizAttempt).where(QuizAttempt.course_id == course_id).subquery())
    attempts, learners, average = db.session.execute(select(
        func.count(), func.count(graded.c.cadre_id.distinct()), func.avg(graded.c.percent))).one()
    passed = db.session.scalar(select(func.count(graded.c.cadre_id.distinct()))
                               .where(graded.c.passed.is_(True)))
    # Ten-point bands, 90-100 in the top one; CASE works alike on SQLite and PostgreSQL.
    band = case(*[(graded.c.percent >= 10 * b, b) for b in range(9, 0, -1)], else_=0)
    bands = dict(db.session.execute(select(band, func.count()).group_by(band)).all())
    return QuizOverview(attempts, learners, passed or 0,
                        round(float(average), 1) if average is not None else None,
                        [(10 * b, bands.get(b, 0)) for b in range(10)])


def get_item_analysis(course_id):
    """Per question of the graded attempts: the share answering correctly and how answers
    spread over the options, so a trainer can spot a misleading question."""
    attempts = db.session.execute(
        select(QuizAttempt.id, QuizAttempt.snapshots).join(AttemptResult)
        .where(QuizAttempt.course_id == course_id)).all()
    if not attempts:
        return []
    answers = {}
    for attempt_id, question_id, response in db.session.execute(
            select(AttemptAnswer.attempt_id, AttemptAnswer.question_id, AttemptAnswer.response)
            .join(AttemptResult, AttemptResult.attempt_id == AttemptAnswer.attempt_id)
            .join(QuizAttempt, QuizAttempt.id == AttemptAnswer.attempt_id)
            .where(QuizAttempt.course_id == course_id)):
        answers[(attempt_id, question_id)] = response
    by_question = {}
    for attempt_id, snapshots in attempts:
        for qid, snapshot in snapshots.items():
            entry = by_question.setdefault(int(qid), {"snapshot": snapshot, "responses": []})
            entry["responses"].append(answers.get((attempt_id, int(qid))))
    rows = []
    for qid, entry in sorted(by_question.items()):
        snapshot = entry["snapshot"]
        summary = question_type(snapshot["type"]).summarise(snapshot, entry["responses"])
        rows.append({"question_id": qid, "text": snapshot["text"], "type": snapshot["type"],
                     "seen": len(entry["responses"]), **summary})
    return rows


def get_attempt_rows(course_id):
    """Every graded attempt with the learner and her unit, newest first (for the table and
    the CSV export)."""
    return db.session.execute(
        select(Cadre.code, Cadre.full_name, Unit.name, QuizAttempt.number,
               QuizAttempt.started_at, QuizAttempt.submitted_at, AttemptResult.percent,
               AttemptResult.passed)
        .join(AttemptResult, AttemptResult.attempt_id == QuizAttempt.id)
        .join(Cadre, Cadre.id == QuizAttempt.cadre_id)
        .join(Unit, Unit.id == Cadre.unit_id)
        .where(QuizAttempt.course_id == course_id)
        .order_by(QuizAttempt.submitted_at.desc())).all()
