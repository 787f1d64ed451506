"""`flask bench load` (and `flask bench-load`): learners' latency on the app under gunicorn,
without and with organizers exporting the whole city."""

import json

import pytest

from lms.bench import load

EXPORT = load.export_path(2027)


def test_learners_are_timed_without_then_with_organizers_exporting_the_city(app,
                                                                            database_args):
    result = app.test_cli_runner().invoke(args=[
        "bench-load", "--cadres", "300", "--runs", "1", "--seconds", "4", "--learners", "3",
        "--web-workers", "2", *database_args])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.splitlines()[-1])
    assert summary["dialect"] == ("postgresql" if database_args else "sqlite")
    assert (summary["cadres"], summary["runs"], summary["learners"], summary["organizers"]) \
        == (300, 1, 3, 2)
    # No one has trained in the exported year: every active cadre is on the list.
    assert summary["year"] == 2027 and 280 < summary["missing_rows"] < 300
    a, b = summary["phases"]
    assert (a["run"], a["phase"], b["run"], b["phase"]) == (1, "A", 1, "B")
    for phase in (a, b):
        assert phase["requests"] > 0 and phase["errors"] == 0
        assert phase["p95_ms"] >= phase["p50_ms"] > 0 and phase["throughput_rps"] > 0
    # The organizers open the city dashboard before each export, only in phase B.
    assert a["dashboards"] == 0 and b["dashboards"] > 0 and b["dashboard_errors"] == 0
    assert summary["cache_url"].startswith("redis://")
    assert summary["reports_nice"] == 10
    assert "report pages at a CPU priority 10 below learners'" in result.output
    alone = summary["dashboard_alone"]
    assert alone["max_ms"] >= alone["p50_ms"] > 0 and alone["first_ms"] > 0
    assert "city dashboard alone, 20 requests after the first" in result.output
    assert "2 organizers (in a process of their own)" in result.output
    # Only phase B exports, and every export it started gave a file.
    assert a["exports_completed"] == a["exports_finished_after_phase"] == 0
    assert b["exports_completed"] > 0 and b["exports_failed"] == 0 and b["export_bytes"] > 0
    assert b["export_how"] in (["in_request"], ["queued"])
    assert summary["p95_b_over_a"] == round(b["p95_ms"] / a["p95_ms"], 2)
    assert summary["p95_b_over_a_runs"] == [summary["p95_b_over_a"]]
    assert summary["exports_completed_b"] == [b["exports_completed"]]
    assert "learners' p95 with the organizers exporting / without" in result.output


def test_the_percentile_is_the_nearest_rank():
    assert load.percentile(list(range(1, 101)), 95) == 95
    assert load.percentile([0.3, 0.1, 0.2], 50) == 0.2
    assert load.percentile([7], 95) == 7
    assert load.percentile([], 50) is None


def test_each_phase_b_is_compared_with_the_phase_a_before_it():
    def phase(run, name, p95):
        return {"run": run, "phase": name, "requests": 10, "errors": 0, "p50_ms": p95 / 2,
                "p95_ms": p95, "p99_ms": p95, "throughput_rps": 5.0,
                "exports_completed": 1 if name == "B" else 0, "exports_failed": 0,
                "export_how": ["queued"] if name == "B" else [],
                "dashboards": 3 if name == "B" else 0,
                "dashboard_p50_ms": 20.0 if name == "B" else None}

    summary = load._summarise([phase(1, "A", 100), phase(1, "B", 300), phase(2, "A", 50),
                               phase(2, "B", 100), phase(3, "A", 200), phase(3, "B", 250)])
    assert summary["p95_b_over_a_runs"] == [3.0, 2.0, 1.25]
    assert summary["p95_b_over_a"] == 2.0
    assert summary["A"]["p95_ms"] == 100 and summary["B"]["p95_ms"] == 250
    assert summary["export_how"] == ["queued"]


class _Response:
    def __init__(self, status_code, headers=None, content=b"", data=None):
        self.status_code, self.headers, self.content, self._data = (
            status_code, headers or {}, content, data)

    def json(self):
        return self._data


class _QueuedExportSite:
    """What the site answers once large exports are queued: 303 to the job, its status."""

    def __init__(self, statuses):
        self.statuses = iter(statuses)
        self.asked = []

    def get(self, path, timeout=None):
        self.asked.append(path)
        if path == EXPORT:
            return _Response(303, {"Location": "/jobs/abc"})
        if path == "/jobs/abc/status":
            status = next(self.statuses)
            return _Response(200, data={"status": status, "progress": 50,
                                        "file_url": "/jobs/abc/file" if status == "done"
                                        else None})
        assert path == "/jobs/abc/file"
        return _Response(200, content=b"PK\x03\x04 xlsx")


def test_a_queued_export_is_followed_until_its_file_is_downloaded(monkeypatch):
    monkeypatch.setattr(load, "POLL_S", 0)
    site = _QueuedExportSite(["pending", "running", "done"])
    assert load.export_city(site, EXPORT) == ("queued", 9)
    assert site.asked == [EXPORT, *["/jobs/abc/status"] * 3, "/jobs/abc/file"]


def test_a_failed_export_job_is_reported(monkeypatch):
    monkeypatch.setattr(load, "POLL_S", 0)
    with pytest.raises(load.BenchmarkError, match="failed"):
        load.export_city(_QueuedExportSite(["running", "failed"]), EXPORT)


def test_an_export_ended_by_gunicorns_timeout_is_named_so(monkeypatch):
    class Site:
        def get(self, path, timeout=None):
            return _Response(500)

    monkeypatch.setattr(load, "GUNICORN_TIMEOUT_S", 0)
    with pytest.raises(load.BenchmarkError, match="gunicorn's 0 s timeout"):
        load.export_city(Site(), EXPORT)
