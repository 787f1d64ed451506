"""Quiz rules as pure functions: drawing and shuffling, deadlines, scoring an attempt,
which attempt counts, and what the review may show."""

import random
from dataclasses import dataclass, field
from datetime import timedelta

from lms.quizzes.types import question_type

# Network round trips: an answer sent just before the deadline is still on time.
DEADLINE_GRACE = timedelta(seconds=5)


def draw_questions(question_ids, count, seed, shuffle):
    """The questions of one attempt: `count` drawn at random (0 or more than the bank: all),
    in random order when `shuffle`, otherwise in bank order. Same seed, same draw."""
    rng = random.Random(seed)
    ids = list(question_ids)
    if 0 < count < len(ids):
        chosen = set(rng.sample(ids, count))
        ids = [qid for qid in ids if qid in chosen]
    if shuffle:
        rng.shuffle(ids)
    return ids


def option_order(option_count, seed, shuffle):
    """The order options are shown in for one question of one attempt."""
    order = list(range(option_count))
    if shuffle:
        random.Random(seed).shuffle(order)
    return order


def deadline_for(started_at, time_limit_minutes):
    """When the attempt closes, or None without a time limit."""
    return started_at + timedelta(minutes=time_limit_minutes) if time_limit_minutes else None


def is_on_time(saved_at, deadline):
    """True when an answer saved at `saved_at` counts under `deadline`."""
    return deadline is None or saved_at <= deadline + DEADLINE_GRACE


@dataclass(frozen=True)
class AttemptScore:
    earned: float
    possible: float
    percent: float
    passed: bool
    # {question id: Grade}, for the review and item analysis; not part of the score's value.
    grades: dict = field(default_factory=dict, compare=False)


def score_attempt(snapshots, answers, pass_mark, deadline=None):
    """Grade every question of an attempt. `answers` maps question id to (response, saved_at);
    answers saved after the deadline are not counted."""
    grades = {}
    for question_id, snapshot in snapshots.items():
        response, saved_at = answers.get(question_id, (None, None))
        if response is not None and saved_at is not None and not is_on_time(saved_at, deadline):
            response = None
        grades[question_id] = question_type(snapshot["type"]).grade(snapshot, response)
    earned = sum((grade.earned for grade in grades.values()), 0.0)
    possible = sum((grade.possible for grade in grades.values()), 0.0)
    percent = round(100 * earned / possible, 1) if possible else 0.0
    return AttemptScore(round(earned, 4), possible, percent, percent >= pass_mark, grades)


def counting_attempt(results, rule):
    """The result that counts among a learner's graded attempts (in submission order):
    the highest percent (earliest on ties) or the last one."""
    if not results:
        return None
    if rule == "last":
        return results[-1]
    return max(results, key=lambda r: r.percent)  # max keeps the first of equal values


def review_shows_answers(mode, passed):
    """Whether the review after submission may show the right answers and explanations."""
    if mode == "after_submit":
        return True
    if mode == "after_pass":
        return passed
    return False


def attempts_left(max_attempts, used):
    """How many more attempts a learner may start (None: unlimited)."""
    return None if not max_attempts else max(0, max_attempts - used)


def unanswered_numbers(question_ids, responses):
    """The numbers (1, 2, ... in the order shown) of the questions without an answer among
    `responses` ({question id: stored response}); an empty choice counts as none."""
    return [n for n, qid in enumerate(question_ids, 1)
            if responses.get(qid) in (None, "", [])]
