"""`flask import-units` and `flask import-cadres`."""

from sqlalchemy import func, select

from lms.extensions import db
from lms.org.models import Cadre, Unit
from tests.org.test_imports import HEADER, UNIT_HEADER, cadre_row, csv_bytes, xlsx_bytes


def invoke(app, tmp_path, monkeypatch, command, filename, data):
    monkeypatch.chdir(tmp_path)
    (tmp_path / filename).write_bytes(data)
    return app.test_cli_runner().invoke(args=[command, filename])


def cadre_count():
    db.session.rollback()  # see what the command committed
    return db.session.scalar(select(func.count(Cadre.id)))


def test_a_bad_file_exits_non_zero_listing_every_problem_on_stderr(app, org, tmp_path,
                                                                   monkeypatch):
    data = csv_bytes([HEADER, cadre_row("CB1"), cadre_row("CB2", birth_year="19"),
                      cadre_row("CB3", unit_code="NOPE", phone="12")])
    result = invoke(app, tmp_path, monkeypatch, "import-cadres", "cadres.csv", data)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert [line.split(": ")[0] for line in lines[:3]] == [
        "cadres.csv:3", "cadres.csv:4", "cadres.csv:4"]
    assert lines[0].startswith("cadres.csv:3: birth_year: ")
    assert lines[1].startswith("cadres.csv:4: phone: ")
    assert lines[2].startswith("cadres.csv:4: unit_code: ")
    assert result.stdout == ""
    assert cadre_count() == 0


def test_a_good_file_exits_zero_with_a_summary(app, org, tmp_path, monkeypatch):
    data = xlsx_bytes([HEADER, cadre_row("CB1"), cadre_row("CB2", unit_code="W-B")])
    result = invoke(app, tmp_path, monkeypatch, "import-cadres", "cadres.xlsx", data)
    assert result.exit_code == 0, result.output
    assert "2" in result.stdout and result.stderr == ""
    assert cadre_count() == 2
    again = invoke(app, tmp_path, monkeypatch, "import-cadres", "cadres.xlsx", data)
    assert again.exit_code == 0 and cadre_count() == 2


def test_units_are_imported_from_the_command_line(app, org, tmp_path, monkeypatch):
    data = csv_bytes([UNIT_HEADER, ["B-NEW", "Chi hội mới", "W-NEW", "Chi hội"],
                      ["W-NEW", "Phường mới", "HN", "Phường"]])
    result = invoke(app, tmp_path, monkeypatch, "import-units", "units.csv", data)
    assert result.exit_code == 0, result.output
    db.session.rollback()
    assert db.session.scalar(select(Unit.depth).where(Unit.code == "B-NEW")) == 2


def test_a_file_that_is_not_utf8_is_named_in_the_error(app, org, tmp_path, monkeypatch):
    data = "code,full_name,unit_code\nCB1,Lê Hoà,W-A\n".encode("cp1252")
    result = invoke(app, tmp_path, monkeypatch, "import-cadres", "cadres.csv", data)
    assert result.exit_code == 1
    assert result.stderr.startswith("cadres.csv:") and "UTF-8" in result.stderr
