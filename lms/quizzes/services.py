"""Writes for quizzes: starting an attempt, saving answers as they are given, and the
idempotent submission that grades on the server."""

import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms.catalog.models import Question
from lms.catalog.queries import get_quiz_settings
from lms.core.clock import utcnow
from lms.core.markdown import render_markdown
from lms.extensions import db
from lms.quizzes.models import (
    DEFAULT_SETTINGS,
    AttemptAnswer,
    AttemptResult,
    QuizAttempt,
)
from lms.quizzes.rules import (
    attempts_left,
    deadline_for,
    draw_questions,
    is_on_time,
    option_order,
    score_attempt,
)
from lms.quizzes.types import question_type


class QuizError(Exception):
    """A refused quiz action; str(error) is a user-facing message."""


class QuizClosed(QuizError):
    """The attempt is submitted or its time is up: answers are no longer taken."""


def get_settings(course_id):
    """The course's quiz settings, or the defaults when the trainer set none."""
    return get_quiz_settings(course_id) or DEFAULT_SETTINGS


def question_snapshot(question):
    """A question as the attempt keeps it: enough to show and grade it later."""
    settings = question.settings or {}
    return {
        "type": question.type,
        "text": question.text,
        "text_html": render_markdown(question.text),
        "points": question.points,
        "options": [{"text": o["text"], "correct": bool(o.get("correct"))}
                    for o in question.options or []],
        "answers": list(question.answers or []),
        "explanation": question.explanation,
        "scoring": settings.get("scoring", "all_or_nothing"),
        "ignore_case": settings.get("ignore_case", True),
        "ignore_diacritics": settings.get("ignore_diacritics", False),
    }


def find_open_attempt(cadre_id, course_id):
    """The learner's attempt that is started and not yet submitted, if any."""
    return db.session.scalar(select(QuizAttempt).where(
        QuizAttempt.cadre_id == cadre_id, QuizAttempt.course_id == course_id,
        QuizAttempt.submitted_at.is_(None)).order_by(QuizAttempt.number.desc()).limit(1))


def count_attempts(cadre_id, course_id):
    return db.session.scalar(select(func.count(QuizAttempt.id)).where(
        QuizAttempt.cadre_id == cadre_id, QuizAttempt.course_id == course_id))


def start_attempt(cadre, course, now=None):
    """Open a new attempt, or return the one already in progress (a reload or a second
    phone resumes it instead of starting over)."""
    now = now or utcnow()
    existing = find_open_attempt(cadre.id, course.id)
    if existing is not None:
        return existing
    settings = get_settings(course.id)
    used = count_attempts(cadre.id, course.id)
    if attempts_left(settings.max_attempts, used) == 0:
        raise QuizError(_l("You have used all your attempts for this quiz."))
    questions = {q.id: q for q in db.session.scalars(select(Question).where(
        Question.course_id == course.id, Question.is_archived.is_(False))
        .order_by(Question.position))}
    if not questions:
        raise QuizError(_l("This course has no quiz."))
    seed = secrets.randbelow(2**31)
    ids = draw_questions(list(questions), settings.questions_per_attempt, seed,
                         settings.shuffle_questions)
    attempt = QuizAttempt(
        cadre_id=cadre.id, course_id=course.id, number=used + 1, seed=seed, started_at=now,
        deadline_at=deadline_for(now, settings.time_limit_minutes), question_ids=ids,
        snapshots={str(qid): question_snapshot(questions[qid]) for qid in ids},
        option_orders={str(qid): option_order(len(questions[qid].options or []), seed + qid,
                                              settings.shuffle_options) for qid in ids})
    db.session.add(attempt)
    try:
        db.session.commit()
    except IntegrityError:
        # Another tap opened an attempt a moment ago (one open attempt per learner and
        # course, one number each): resume that one.
        db.session.rollback()
        existing = find_open_attempt(cadre.id, course.id)
        if existing is None:  # and it was submitted since: nothing to resume
            raise QuizError(_l("The quiz could not be started: please try again.")) \
                from None
        return existing
    return attempt


def is_closed(attempt, now):
    """True once the attempt is submitted or its deadline (with grace) has passed."""
    return attempt.submitted_at is not None or not is_on_time(now, attempt.deadline_at)


def save_answer(attempt, question_id, raw, now=None):
    """Keep the learner's answer to one question; returns the time it was saved."""
    now = now or utcnow()
    if is_closed(attempt, now):
        raise QuizClosed(_l("This attempt is closed: the answer was not saved."))
    snapshot = attempt.snapshots.get(str(question_id))
    if snapshot is None:
        raise QuizError(_l("This question is not part of the attempt."))
    response = question_type(snapshot["type"]).clean_response(snapshot, raw)
    row = db.session.scalar(select(AttemptAnswer).where(
        AttemptAnswer.attempt_id == attempt.id, AttemptAnswer.question_id == question_id))
    if row is None:
        row = AttemptAnswer(attempt_id=attempt.id, question_id=question_id)
        db.session.add(row)
    row.response, row.saved_at = response, now
    try:
        db.session.commit()
    except IntegrityError:
        # The same answer arrived twice at once: the other request stored it; store ours on top.
        db.session.rollback()
        row = db.session.scalar(select(AttemptAnswer).where(
            AttemptAnswer.attempt_id == attempt.id, AttemptAnswer.question_id == question_id))
        row.response, row.saved_at = response, now
        db.session.commit()
    return now


def saved_answers(attempt_id):
    """{question id: (response, saved_at)} of an attempt."""
    rows = db.session.execute(select(AttemptAnswer.question_id, AttemptAnswer.response,
                                     AttemptAnswer.saved_at)
                              .where(AttemptAnswer.attempt_id == attempt_id))
    return {qid: (response, saved_at) for qid, response, saved_at in rows}


def submit_attempt(attempt, now=None):
    """Grade the attempt on the server, once. A double tap, a retry or two simultaneous
    submissions all get the same AttemptResult: its primary key is the attempt id."""
    existing = db.session.get(AttemptResult, attempt.id)
    if existing is not None:
        return existing
    now = now or utcnow()
    snapshots = {int(qid): snap for qid, snap in attempt.snapshots.items()}
    answers = saved_answers(attempt.id)
    score = score_attempt(snapshots, answers, attempt.course.pass_mark, attempt.deadline_at)
    details = {}
    for qid, snapshot in snapshots.items():
        response, saved_at = answers.get(qid, (None, None))
        if saved_at is not None and not is_on_time(saved_at, attempt.deadline_at):
            response = None
        grade = question_type(snapshot["type"]).grade(snapshot, response)
        details[str(qid)] = {"earned": grade.earned, "possible": grade.possible}
    result = AttemptResult(attempt_id=attempt.id, earned=score.earned, possible=score.possible,
                           percent=score.percent, passed=score.passed,
                           graded_at=now, details=details)
    db.session.add(result)
    attempt.submitted_at = min(now, attempt.deadline_at) if attempt.deadline_at else now
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        return db.session.get(AttemptResult, attempt.id)
    if score.passed:
        _record_pass(attempt, now)
    db.session.commit()
    return result


def _record_pass(attempt, now):
    """Tell learning the quiz is passed; with every lesson done, the course completes."""
    from lms.learning.services import record_quiz_passed

    record_quiz_passed(attempt.cadre, attempt.course, at=now)


