"""Writes for quizzes: starting an attempt, saving answers as they are given, and the
idempotent submission that grades on the server."""

import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError

from lms.catalog.queries import get_questions
from lms.core.clock import utcnow
from lms.core.cycles import cycle_of
from lms.core.errors import DomainError
from lms.core.markdown import render_markdown
from lms.core.writes import insert_or_update
from lms.extensions import db
from lms.quizzes.models import (
    AttemptAnswer,
    AttemptResult,
    QuizAttempt,
)
from lms.quizzes.queries import (
    count_attempts,
    find_open_attempt,
    get_latest_cycle,
    get_settings,
    saved_answers,
)
from lms.quizzes.rules import (
    attempts_left,
    deadline_for,
    draw_questions,
    is_on_time,
    option_order,
    score_attempt,
)
from lms.quizzes.signals import quiz_passed
from lms.quizzes.types import question_type


class QuizError(DomainError):
    """A refused quiz action; str(error) is a user-facing message."""


class QuizClosed(QuizError):
    """The attempt is submitted or its time is up: answers are no longer taken."""


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


def start_attempt(cadre, course, now=None, cycle=None):
    """Open a new attempt in `cycle` (her enrollment's; default: her latest cycle with an
    attempt, else the year of `now`), or return the one already in progress there (a
    reload or a second phone resumes it instead of starting over). A new cycle starts
    with the attempts allowed afresh."""
    now = now or utcnow()
    if cycle is None:
        cycle = get_latest_cycle(cadre.id, course.id) or cycle_of(now)
    existing = find_open_attempt(cadre.id, course.id, cycle)
    if existing is not None:
        return existing
    settings = get_settings(course.id)
    used = count_attempts(cadre.id, course.id, cycle)
    if attempts_left(settings.max_attempts, used) == 0:
        raise QuizError(_l("You have used all your attempts for this quiz."))
    questions = {q.id: q for q in get_questions(course.id)}
    if not questions:
        raise QuizError(_l("This course has no quiz."))
    seed = secrets.randbelow(2**31)
    ids = draw_questions(list(questions), settings.questions_per_attempt, seed,
                         settings.shuffle_questions)
    attempt = QuizAttempt(
        cadre_id=cadre.id, course_id=course.id, cycle=cycle, number=used + 1, seed=seed,
        started_at=now,
        deadline_at=deadline_for(now, settings.time_limit_minutes), question_ids=ids,
        snapshots={str(qid): question_snapshot(questions[qid]) for qid in ids},
        option_orders={str(qid): option_order(len(questions[qid].options or []), seed + qid,
                                              settings.shuffle_options) for qid in ids})
    db.session.add(attempt)
    try:
        db.session.flush()
    except IntegrityError:
        # Another tap opened an attempt a moment ago (one open attempt per learner and
        # course, one number each): resume that one. A failed flush leaves the session
        # unusable until it is rolled back, and this attempt is all the use case wrote.
        db.session.rollback()
        existing = find_open_attempt(cadre.id, course.id, cycle)
        if existing is None:  # and it was submitted since: nothing to resume
            raise QuizError(_l("The quiz could not be started: please try again.")) \
                from None
        return existing
    return attempt


def is_closed(attempt, now):
    """True once the attempt is submitted or its deadline (with grace) has passed."""
    return attempt.submitted_at is not None or not is_on_time(now, attempt.deadline_at)


def _write_answers(attempt, raws, now, sequence=None):
    """Store {question id: raw answer} as the attempt's latest answers. With the phone's
    `sequence` number, an answer stored with a number as high or higher is newer (or this
    very one sent again) and stays."""
    for question_id, raw in raws.items():
        snapshot = attempt.snapshots.get(str(question_id))
        if snapshot is None:
            raise QuizError(_l("This question is not part of the attempt."))
        response = question_type(snapshot["type"]).clean_response(snapshot, raw)
        newer = None if sequence is None else or_(AttemptAnswer.sequence.is_(None),
                                                  AttemptAnswer.sequence < sequence)
        # One statement, so the same answer arriving twice at once updates, never fails.
        db.session.execute(insert_or_update(
            AttemptAnswer, {"attempt_id": attempt.id, "question_id": question_id},
            {"response": response, "saved_at": now, "sequence": sequence}, only_if=newer))


def _is_still_open(attempt_id, now):
    """Whether the attempt takes answers, read after this transaction's own writes.

    On PostgreSQL FOR SHARE waits for a submission that is grading the attempt (it holds
    the row) and then reads its outcome; on SQLite the earlier write already holds the
    database lock, so no submission can start grading until this transaction ends."""
    submitted_at, deadline_at = db.session.execute(
        select(QuizAttempt.submitted_at, QuizAttempt.deadline_at)
        .where(QuizAttempt.id == attempt_id).with_for_update(read=True)).one()
    return submitted_at is None and is_on_time(now, deadline_at)


def save_answers(attempt, raws, now=None, sequence=None):
    """Keep the learner's answers ({question id: raw answer}); returns the time they were
    saved. Refused with QuizClosed once the attempt is closed (the caller rolls the written
    answers back), so an answer is never acknowledged that the grade does not see.
    `sequence`: the phone's number of an answer it kept (see _write_answers)."""
    now = now or utcnow()
    if is_closed(attempt, now):
        raise QuizClosed(_l("This attempt is closed: the answer was not saved."))
    _write_answers(attempt, raws, now, sequence)
    # Checked after the write, in its transaction: a submission either grades with these
    # answers or has closed the attempt before we look.
    if not _is_still_open(attempt.id, now):
        raise QuizClosed(_l("This attempt is closed: the answer was not saved."))
    return now


def save_answer(attempt, question_id, raw, now=None, sequence=None):
    """Keep the learner's answer to one question; returns the time it was saved. A repeat
    or an older answer sent late by the phone (its `sequence` not higher than the stored
    one's) changes nothing and is acknowledged like the first."""
    return save_answers(attempt, {question_id: raw}, now, sequence)


def _close_for_grading(attempt, now):
    """Mark the attempt submitted (a submission that came first keeps its time) and hold
    it until this transaction ends: the row lock on PostgreSQL, the database lock on
    SQLite. Saves and other submissions wait, so what is read next is final."""
    at = min(now, attempt.deadline_at) if attempt.deadline_at else now
    db.session.execute(
        update(QuizAttempt).where(QuizAttempt.id == attempt.id)
        .values(submitted_at=func.coalesce(QuizAttempt.submitted_at, at))
        .execution_options(synchronize_session=False))


def submit_attempt(attempt, now=None, answers=None):
    """Grade the attempt on the server, once, with the form's `answers` ({question id: raw
    answer}) saved first while it is open. A double tap, a retry or two simultaneous
    submissions all get the same AttemptResult; the caller commits."""
    existing = db.session.get(AttemptResult, attempt.id)
    if existing is not None:
        return existing
    now = now or utcnow()
    if answers and not is_closed(attempt, now):
        _write_answers(attempt, answers, now)
    _close_for_grading(attempt, now)
    existing = db.session.scalar(select(AttemptResult)
                                 .where(AttemptResult.attempt_id == attempt.id))
    if existing is not None:
        # Another submission graded it while we waited. This one's answers came too late:
        # rolled back here, so the caller's commit cannot add them after the grade.
        db.session.rollback()
        return existing
    snapshots = {int(qid): snap for qid, snap in attempt.snapshots.items()}
    saved = saved_answers(attempt.id)
    score = score_attempt(snapshots, saved, attempt.course.pass_mark, attempt.deadline_at)
    details = {str(qid): {"earned": grade.earned, "possible": grade.possible}
               for qid, grade in score.grades.items()}
    result = AttemptResult(attempt_id=attempt.id, earned=score.earned, possible=score.possible,
                           percent=score.percent, passed=score.passed,
                           graded_at=now, details=details)
    db.session.add(result)
    if score.passed:
        # Learning notes the pass (and completes the course) in this transaction.
        quiz_passed.send(None, cadre=attempt.cadre, course=attempt.course, at=now,
                         cycle=attempt.cycle)
    return result
