"""Grading of every question type and quiz rule: pure functions, no app, no database."""

from datetime import datetime, timedelta

import pytest

from lms.quizzes.rules import (
    DEADLINE_GRACE,
    AttemptScore,
    attempts_left,
    counting_attempt,
    deadline_for,
    draw_questions,
    option_order,
    review_shows_answers,
    score_attempt,
)
from lms.quizzes.types import normalise_text, question_type


def choice(kind, correct, count=4, points=1, **extra):
    options = [{"text": f"Phương án {i}", "correct": i in correct} for i in range(count)]
    return {"type": kind, "text": "Câu hỏi?", "points": points, "options": options, **extra}


def short(answers, **extra):
    return {"type": "short", "text": "Câu hỏi?", "points": 1, "answers": answers, **extra}


def grade(snapshot, response):
    return question_type(snapshot["type"]).grade(snapshot, response)


class TestSingleAndTrueFalse:
    def test_right_option_earns_the_points(self):
        assert grade(choice("single", {2}, points=2), 2).earned == 2.0

    @pytest.mark.parametrize("response", [0, 1, 3, None])
    def test_any_other_answer_earns_nothing(self, response):
        result = grade(choice("single", {2}), response)
        assert (result.earned, result.possible, result.is_correct) == (0.0, 1.0, False)

    def test_true_false(self):
        snapshot = choice("truefalse", {1}, count=2)
        assert grade(snapshot, 1).is_correct and not grade(snapshot, 0).is_correct

    @pytest.mark.parametrize("raw,clean", [("2", 2), (1, 1), ("9", None), ("x", None),
                                           (None, None), ("-1", None)])
    def test_responses_are_validated(self, raw, clean):
        snapshot = choice("single", {2})
        assert question_type("single").clean_response(snapshot, raw) == clean


class TestMultipleChoice:
    def test_all_or_nothing_needs_exactly_the_right_set(self):
        snapshot = choice("multiple", {0, 2})
        assert grade(snapshot, [0, 2]).earned == 1.0
        assert grade(snapshot, [2, 0]).earned == 1.0
        assert grade(snapshot, [0]).earned == 0.0
        assert grade(snapshot, [0, 1, 2]).earned == 0.0
        assert grade(snapshot, []).earned == 0.0

    @pytest.mark.parametrize("response,earned", [
        ([0, 2], 2.0),        # both right options
        ([0], 1.0),           # half of the right options
        ([0, 1], 0.0),        # one right (+1/2) and one of two wrong (-1/2)
        ([0, 2, 1], 1.0),     # both right, one of two wrong: 1 - 1/2
        ([0, 1, 2, 3], 0.0),  # ticking everything earns nothing
        ([1, 3], 0.0),        # never below zero
        (None, 0.0),
    ])
    def test_partial_credit(self, response, earned):
        snapshot = choice("multiple", {0, 2}, points=2, scoring="partial")
        assert grade(snapshot, response).earned == earned

    def test_partial_credit_with_every_option_right(self):
        snapshot = choice("multiple", {0, 1, 2}, count=3, points=3, scoring="partial")
        assert grade(snapshot, [0, 1]).earned == 2.0

    def test_responses_are_deduplicated_and_checked(self):
        snapshot = choice("multiple", {0, 2})
        clean = question_type("multiple").clean_response
        assert clean(snapshot, ["2", "0", "2"]) == [0, 2]
        assert clean(snapshot, ["7"]) is None
        assert clean(snapshot, []) == []


class TestShortAnswer:
    @pytest.mark.parametrize("given", ["COUNTIF", "countif", "  CountIf "])
    def test_case_is_ignored_by_default(self, given):
        assert grade(short(["COUNTIF"]), given).is_correct

    def test_case_can_matter(self):
        snapshot = short(["Zalo"], ignore_case=False)
        assert grade(snapshot, "Zalo").is_correct and not grade(snapshot, "zalo").is_correct

    def test_diacritics_matter_unless_ignored(self):
        strict = short(["Bình chọn"])
        lenient = short(["Bình chọn"], ignore_diacritics=True)
        assert not grade(strict, "binh chon").is_correct
        assert grade(lenient, "binh chon").is_correct
        assert grade(lenient, "BÌNH CHỌN").is_correct
        assert grade(short(["đường"], ignore_diacritics=True), "duong").is_correct

    def test_any_accepted_answer_and_spaces_are_normalised(self):
        snapshot = short(["113", "số 113"])
        assert grade(snapshot, " số   113 ").is_correct
        assert grade(snapshot, "113").is_correct
        assert not grade(snapshot, "114").is_correct
        assert not grade(snapshot, "").is_correct
        assert not grade(snapshot, None).is_correct

    def test_composed_and_decomposed_unicode_match(self):
        decomposed = "Tho\u0302\u0301ng ke\u0302"  # "Thống kê" typed with combining marks
        assert normalise_text(decomposed) == normalise_text("Thống kê")
        assert grade(short(["Thống kê"]), decomposed).is_correct

    def test_public_view_has_no_answers(self):
        view = question_type("short").public_view(short(["bí mật"]))
        assert "bí mật" not in repr(view)


def test_public_view_never_says_which_option_is_right():
    snapshot = choice("multiple", {1, 3})
    view = question_type("multiple").public_view(snapshot, option_order=[3, 1, 0, 2])
    assert [o["index"] for o in view["options"]] == [3, 1, 0, 2]
    assert "correct" not in repr(view) and "True" not in repr(view)


def test_item_analysis_counts_shares_and_choices():
    snapshot = choice("single", {1}, count=3)
    summary = question_type("single").summarise(snapshot, [1, 1, 0, 2, None])
    assert summary["answered"] == 4 and summary["correct"] == 2
    assert summary["share_correct"] == 0.5
    assert [o["count"] for o in summary["distribution"]] == [1, 2, 1]
    assert [o["correct"] for o in summary["distribution"]] == [False, True, False]


def test_item_analysis_of_short_answers_groups_normalised_texts():
    summary = question_type("short").summarise(short(["113"]), ["113", " 113", "114", None])
    assert summary["distribution"][0] == {"text": "113", "correct": True, "count": 2}


class TestRules:
    def test_draw_is_reproducible_and_respects_the_count(self):
        ids = list(range(1, 21))
        first = draw_questions(ids, 8, seed=42, shuffle=True)
        assert first == draw_questions(ids, 8, seed=42, shuffle=True)
        assert len(first) == 8 and len(set(first)) == 8 and set(first) <= set(ids)

    def test_draw_all_in_bank_order_without_shuffle(self):
        assert draw_questions([5, 3, 9], 0, seed=1, shuffle=False) == [5, 3, 9]
        assert draw_questions([5, 3, 9], 10, seed=1, shuffle=False) == [5, 3, 9]
        drawn = draw_questions(list(range(10)), 4, seed=7, shuffle=False)
        assert drawn == sorted(drawn)

    def test_option_order_is_a_permutation(self):
        order = option_order(5, seed=3, shuffle=True)
        assert sorted(order) == [0, 1, 2, 3, 4]
        assert option_order(4, seed=3, shuffle=False) == [0, 1, 2, 3]

    def test_time_limit_drops_late_answers(self):
        start = datetime(2026, 11, 27, 8, 0)
        deadline = deadline_for(start, 10)
        assert deadline == start + timedelta(minutes=10)
        snapshots = {1: choice("single", {0}), 2: choice("single", {0})}
        answers = {1: (0, start + timedelta(minutes=9)),
                   2: (0, deadline + DEADLINE_GRACE + timedelta(seconds=1))}
        score = score_attempt(snapshots, answers, pass_mark=70, deadline=deadline)
        assert score == AttemptScore(1.0, 2.0, 50.0, False)
        assert score_attempt(snapshots, answers, 70, deadline=None).passed

    def test_no_time_limit_means_no_deadline(self):
        assert deadline_for(datetime(2026, 1, 1), 0) is None

    def test_pass_mark_is_inclusive(self):
        snapshots = {i: choice("single", {0}) for i in range(10)}
        answers = {i: (0 if i < 7 else 1, None) for i in range(10)}
        assert score_attempt(snapshots, answers, pass_mark=70).passed
        assert not score_attempt(snapshots, answers, pass_mark=71).passed

    def test_weighted_points(self):
        snapshots = {1: choice("single", {0}, points=3), 2: choice("single", {0}, points=1)}
        score = score_attempt(snapshots, {1: (0, None), 2: (1, None)}, pass_mark=70)
        assert (score.earned, score.possible, score.percent, score.passed) == (3, 4, 75.0, True)

    def test_which_attempt_counts(self):
        results = [AttemptScore(6, 10, 60.0, False), AttemptScore(9, 10, 90.0, True),
                   AttemptScore(9, 10, 90.0, True), AttemptScore(5, 10, 50.0, False)]
        assert counting_attempt(results, "highest") is results[1]
        assert counting_attempt(results, "last") is results[3]
        assert counting_attempt([], "highest") is None

    @pytest.mark.parametrize("mode,passed,shows", [
        ("score_only", True, False), ("after_submit", False, True),
        ("after_pass", False, False), ("after_pass", True, True)])
    def test_review_visibility(self, mode, passed, shows):
        assert review_shows_answers(mode, passed) is shows

    def test_attempts_left(self):
        assert attempts_left(0, 5) is None
        assert attempts_left(3, 1) == 2
        assert attempts_left(3, 4) == 0
