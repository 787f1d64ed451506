"""`flask bench throughput`: requests a second of the learner pages beside the lightest page,
on one gunicorn."""

import json

from lms.bench import throughput


def test_every_page_is_measured_in_rounds_beside_the_lightest(app, database_args):
    result = app.test_cli_runner().invoke(args=[
        "bench", "throughput", "--cadres", "300", "--runs", "2", "--seconds", "1",
        "--clients", "2", "--web-workers", "2", *database_args])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.splitlines()[-1])
    assert summary["dialect"] == ("postgresql" if database_args else "sqlite")
    assert (summary["runs"], summary["clients"], summary["lightest_path"]) == (2, 2, "/offline")
    assert [list(r) for r in summary["rounds"]] == [list(throughput.PAGES)] * 2
    for page in throughput.PAGES:
        row = summary["pages"][page]
        assert row["errors"] == 0 and row["rps"] > 0 and len(row["ratios"]) == 2
        assert row["bytes_per_page"] > 0
    assert summary["pages"]["lightest"]["ratio"] == 1.0
    # Pages travel compressed, as a phone's browser asks.
    assert summary["pages"]["lesson"]["encodings"] != ["identity"]
    assert "× lightest" in result.output


def test_a_ratio_is_the_median_of_each_rounds_ratio():
    def page(rps, cpu_ms):
        return {"rps": rps, "cpu_ms": cpu_ms, "errors": 0, "bytes_per_page": 10,
                "encodings": ["gzip"]}

    rounds = [{name: page(100 if name == "lightest" else rps, 2.0 if name == "lightest"
                          else cpu) for name in throughput.PAGES}
              for rps, cpu in ((50, 4.0), (30, 8.0), (80, 2.5))]
    summary = throughput.summarise(rounds)
    assert summary["home"]["ratios"] == [0.5, 0.3, 0.8]
    assert summary["home"]["ratio"] == 0.5 and summary["home"]["rps"] == 50
    assert summary["home"]["cpu_ratios"] == [0.5, 0.25, 0.8]
    assert summary["home"]["cpu_ratio"] == 0.5 and summary["home"]["cpu_ms"] == 4.0
    assert summary["lightest"]["ratio"] == summary["lightest"]["cpu_ratio"] == 1.0
