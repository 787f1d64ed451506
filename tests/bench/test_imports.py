"""`flask bench imports` (and its older name `flask bench-import`): a synthetic cadre file
imported twice."""

import json

import pytest


@pytest.mark.parametrize("command", [["bench-import"], ["bench", "imports"]])
def test_the_benchmark_imports_twice_and_ends_with_json(app, command):
    result = app.test_cli_runner().invoke(args=[*command, "--cadres", "40", "--format", "csv"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.splitlines()[-1])
    assert summary["ok"] is True
    assert [(r["created"], r["unchanged"]) for r in summary["runs"]] == [(40, 0), (0, 40)]


def test_one_bench_group_holds_the_three_benchmarks(app):
    result = app.test_cli_runner().invoke(args=["bench", "--help"])
    assert result.exit_code == 0, result.output
    for name in ("reports", "imports", "media"):
        assert name in result.output
