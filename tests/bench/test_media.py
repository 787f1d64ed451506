"""`flask bench-media`: a phone photo before and after the upload's re-encoding."""

import json


def test_the_benchmark_shows_the_photo_lighter_upright_and_without_gps(app):
    result = app.test_cli_runner().invoke(args=["bench-media", "--width", "2000", "--height",
                                                "1500", "--runs", "1"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    summary = json.loads(lines[-1])
    before, after = summary["before"], summary["after"]
    assert (before["width"], before["height"], before["exif"], before["gps"]) == (
        2000, 1500, True, True)
    assert (after["width"], after["height"], after["exif"], after["gps"]) == (
        1200, 1600, False, False)
    assert after["bytes"] < before["bytes"] and after["format"] == "JPEG"
    assert summary["runs"] == 1 and summary["process_s"] > 0
    assert lines[0].startswith("before") and "GPS: yes" in lines[0] and "GPS: no" in lines[1]
