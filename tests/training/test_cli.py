"""`flask import-attendance FILE`."""

from sqlalchemy import func, select

from lms.extensions import db
from lms.training.models import Attendance, TrainingSession
from tests.factories import make_cadre
from tests.org.test_imports import csv_bytes, xlsx_bytes
from tests.training.test_imports import HEADER, row


def invoke(app, tmp_path, monkeypatch, filename, data):
    monkeypatch.chdir(tmp_path)
    (tmp_path / filename).write_bytes(data)
    return app.test_cli_runner().invoke(args=["import-attendance", filename])


def counts():
    db.session.rollback()  # see what the command committed
    return (db.session.scalar(select(func.count(TrainingSession.id))),
            db.session.scalar(select(func.count(Attendance.id))))


def test_a_bad_file_exits_non_zero_listing_every_problem_on_stderr(app, org, tmp_path,
                                                                   monkeypatch):
    make_cadre(org.ward_a, code="A1")
    data = csv_bytes([HEADER, row("A1"), row("A1", "S2", date="2024-02-30"),
                      row("NOPE", "S3", track="x")])
    result = invoke(app, tmp_path, monkeypatch, "attendance.csv", data)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert [line.split(": ")[:2] for line in lines[:3]] == [
        ["attendance.csv:3", "date"], ["attendance.csv:4", "track"],
        ["attendance.csv:4", "cadre_code"]]
    assert len(lines) == 4 and "3" in lines[3]
    assert result.stdout == ""
    assert counts() == (0, 0)


def test_a_good_file_exits_zero_and_a_second_run_changes_nothing(app, org, tmp_path,
                                                                monkeypatch):
    make_cadre(org.ward_a, code="A1")
    make_cadre(org.ward_b, code="B1")
    data = xlsx_bytes([HEADER, row("A1"), row("B1", "S2", unit_code="W-B")])
    result = invoke(app, tmp_path, monkeypatch, "attendance.xlsx", data)
    assert result.exit_code == 0, result.output
    assert result.stderr == "" and "2" in result.stdout
    assert counts() == (2, 2)
    again = invoke(app, tmp_path, monkeypatch, "attendance.xlsx", data)
    assert again.exit_code == 0 and counts() == (2, 2)


def test_a_missing_file_is_a_usage_error(app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = app.test_cli_runner().invoke(args=["import-attendance", "nope.csv"])
    assert result.exit_code == 2
