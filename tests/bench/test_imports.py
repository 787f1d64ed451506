"""`flask bench imports` (and its older name `flask bench-import`): a synthetic cadre file
imported twice, and with --through-web once more through the import page and the queue."""

import json

import pytest


@pytest.mark.parametrize("command", [["bench-import"], ["bench", "imports"]])
def test_the_benchmark_imports_twice_and_ends_with_json(app, command):
    result = app.test_cli_runner().invoke(args=[*command, "--cadres", "40", "--format", "csv"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.splitlines()[-1])
    assert summary["ok"] is True
    assert [(r["created"], r["unchanged"]) for r in summary["runs"]] == [(40, 0), (0, 40)]


def test_with_both_formats_and_several_runs_the_xlsx_over_csv_ratio_is_printed(app):
    result = app.test_cli_runner().invoke(args=["bench", "imports", "--cadres", "30",
                                                "--runs", "2"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.splitlines()[-1])
    assert [(r["repeat"], r["format"], r["run"]) for r in summary["runs"]] == [
        (repeat, fmt, run) for repeat in (1, 2) for fmt in ("csv", "xlsx") for run in (1, 2)]
    first = summary["ratios"]["run_1"]
    assert first["xlsx_over_csv"] == round(first["xlsx_s"] / first["csv_s"], 2)
    assert "XLSX / CSV, first import (all new), median of 2:" in result.output


def test_one_bench_group_holds_the_three_benchmarks(app):
    result = app.test_cli_runner().invoke(args=["bench", "--help"])
    assert result.exit_code == 0, result.output
    for name in ("reports", "imports", "exports", "media", "load"):
        assert name in result.output


def test_through_the_web_the_upload_answers_at_once_and_a_worker_imports_every_row(
        app, database_args):
    result = app.test_cli_runner().invoke(args=["bench-import", "--cadres", "300", "--format",
                                                "xlsx", "--through-web", *database_args])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.splitlines()[-1])
    assert summary["ok"] is True
    assert summary["database"].startswith("postgresql") == bool(database_args)
    [web] = summary["web"]
    assert web["format"] == "xlsx"
    assert web["rows"] == web["created"] == web["cadres_in_database"] == 300
    assert 0 < web["upload_s"] < 30 and web["upload_under_timeout"] is True
    # The worker ran the job (it records when it started and finished), after the upload.
    assert web["queue_wait_s"] > 0 and web["job_run_s"] > 0
    assert web["total_s"] == pytest.approx(web["upload_s"] + web["until_done_s"], abs=0.002)
    assert "through the web page and the queue" in result.output
