"""`flask bench-reports` and its synthetic city."""

import json
from collections import Counter

from lms.bench.reports import (
    cadre_rows,
    closure_rows,
    completion_rows,
    course_rows,
    enrollment_rows,
    plan_units,
)
from lms.reports.indicators.definitions import INDICATOR_IDS


def test_closure_rows_link_every_unit_to_itself_and_each_ancestor():
    #   1
    #   ├── 2 ── 4 ── 5
    #   └── 3
    tree = [(1, None), (2, 1), (3, 1), (4, 2), (5, 4)]
    assert sorted(closure_rows(tree)) == sorted([
        (1, 1, 0), (2, 2, 0), (3, 3, 0), (4, 4, 0), (5, 5, 0),
        (1, 2, 1), (1, 3, 1), (2, 4, 1), (4, 5, 1),
        (1, 4, 2), (2, 5, 2),
        (1, 5, 3),
    ])


def test_the_planned_city_has_a_complete_closure_table():
    plan = plan_units(300)
    assert len(plan) == 300
    assert Counter(row[3] for row in plan)["city"] == 1
    parent = {row[0]: row[4] for row in plan}
    rows = list(closure_rows((row[0], row[4]) for row in plan))
    assert len(rows) == len(set(rows))
    expected = set()
    for unit_id, _code, _name, _kind, _parent_id, depth in plan:
        ancestor, distance = unit_id, 0
        while ancestor is not None:
            expected.add((ancestor, unit_id, distance))
            ancestor, distance = parent[ancestor], distance + 1
        assert distance - 1 == depth
    assert set(rows) == expected


def test_each_commune_has_exactly_one_chair():
    plan = plan_units(400)
    communes = {row[0] for row in plan if row[3] == "commune"}
    cadres = list(cadre_rows(2000, plan))
    assert len(cadres) == 2000
    chairs = Counter(c["unit_id"] for c in cadres if c["is_chair"])
    assert set(chairs) == communes and set(chairs.values()) == {1}


def test_the_benchmark_agrees_with_the_hand_written_sql_and_ends_with_json(app):
    result = app.test_cli_runner().invoke(args=["bench-reports", "--cadres", "2000",
                                                "--runs", "1"])
    assert result.exit_code == 0, result.output
    assert "MISMATCH" not in result.output
    summary = json.loads(result.stdout.splitlines()[-1])
    assert summary["match"] is True
    assert summary["dialect"] == "sqlite"
    assert (summary["units"], summary["cadres"], summary["records"]) == (400, 2000, 20000)
    for key in ("build_s", "city_s", "leaf_s", "handwritten_s", "city_series_s",
                "city_course_completion_s", "city_completion_by_unit_s",
                "city_over_handwritten", "leaf_over_city"):
        assert summary[key] is not None and summary[key] >= 0, key
    assert set(summary["targets"]) == {"city_within_target_of_handwritten",
                                       "leaf_within_target_of_city"}
    assert set(summary["figures"]) == set(INDICATOR_IDS)
    for indicator_id, figure in summary["figures"].items():
        assert [figure["numerator"], figure["denominator"]] == \
            summary["handwritten_figures"][indicator_id]
    # Every indicator has people in its denominator, so agreement is not trivially 0 = 0.
    assert all(figure["denominator"] > 0 for figure in summary["figures"].values())


def test_enrollments_follow_the_completions_and_never_repeat_a_course():
    courses = course_rows()
    completions = list(completion_rows(3000, 500, courses))
    enrollments = list(enrollment_rows(iter(completions), courses))
    pairs = [(row["cadre_id"], row["course_id"]) for row in enrollments]
    assert len(pairs) == len(set(pairs))
    done = {(row["cadre_id"], row["course_id"]): row["completed_at"] for row in completions}
    completed = {pair: row["completed_at"] for pair, row in zip(pairs, enrollments, strict=True)
                 if row["completed_at"] is not None}
    assert completed == done
    still_open = [row for row in enrollments if row["completed_at"] is None]
    assert still_open and any(row["due_date"] for row in still_open)
    assert any(row["due_date"] is None for row in still_open)


def test_several_scales_end_with_a_growth_table(app):
    result = app.test_cli_runner().invoke(args=["bench-reports", "--cadres", "600",
                                                "--cadres", "1200", "--runs", "1"])
    assert result.exit_code == 0, result.output
    assert "Growth (sqlite)" in result.output
    summary = json.loads(result.stdout.splitlines()[-1])
    assert summary["match"] is True
    assert [s["cadres"] for s in summary["scales"]] == [600, 1200]
    assert [s["units"] for s in summary["scales"]] == [120, 240]
    rows = summary["growth"]
    assert [(row["cadres"], row["scale"]) for row in rows] == [(600, 1.0), (1200, 2.0)]
    assert rows[0]["city_growth"] == 1.0
    assert rows[1]["city_growth"] == round(
        summary["scales"][1]["city_s"] / summary["scales"][0]["city_s"], 2)


def test_the_city_request_and_the_hand_written_sql_are_timed_in_turns(app_ctx):
    from lms.bench.reports import _medians_in_turns

    calls = []
    ours, theirs = _medians_in_turns((lambda: calls.append("ours"),
                                      lambda: calls.append("hand")), runs=3)
    # One warm-up each, then each run times one of each, so a machine that gets busier
    # slows both alike.
    assert calls == ["ours", "hand"] * 4
    assert ours >= 0 and theirs >= 0
