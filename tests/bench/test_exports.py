"""`flask bench exports`: the memory the city's whole missing list takes to write, each export
in a process of its own."""

import json


def test_each_way_of_writing_is_measured_in_its_own_process(app, database_args):
    result = app.test_cli_runner().invoke(args=[
        "bench", "exports", "--cadres", "200", "--records", "200", "--runs", "1",
        "--format", "csv", *database_args])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.splitlines()[-1])
    # No one has trained in the exported year: every active cadre is on the list.
    assert 180 < summary["rows"] < 200
    assert [(e["fmt"], e["mode"]) for e in summary["exports"]] == [("csv", "file"),
                                                                   ("csv", "request")]
    for export in summary["exports"]:
        assert export["rss_peak_mb"] >= export["rss_before_mb"] > 0
        assert export["rss_added_mb"] >= 0 and export["tracemalloc_peak_mb"] > 0
        assert export["file_mb"] >= 0 and export["seconds"] > 0
