"""The demo seed: Hanoi's real union structure, about 2,000 cadres, five accounts, idempotent."""

import io
from datetime import date

from click.testing import CliRunner
from sqlalchemy import func, select

from config import DemoConfig
from lms.auth.models import User
from lms.auth.queries import find_user_by_login
from lms.demo import DEMO_PASSWORD, demo_command, hanoi_wards, seed_demo
from lms.extensions import db
from lms.org.imports import import_cadres, import_units
from lms.org.imports import template_file as org_template
from lms.org.imports.cadres import CADRE_EXAMPLE
from lms.org.imports.units import UNIT_EXAMPLE
from lms.org.models import Cadre, CadreUnitHistory, Unit, UnitClosure
from lms.reports.indicators.definitions import Period
from lms.reports.indicators.unit_report import get_unit_report
from lms.training.imports import ATTENDANCE_EXAMPLE, import_attendance
from lms.training.imports import template_file as attendance_template
from lms.training.models import Attendance, TrainingSession
from lms.training.programmes.queries import (
    get_cadre_programmes,
    get_programme_report,
    get_programmes,
)


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def _children_per_parent(kind):
    """How many units of `kind` each parent has, as a list of counts."""
    return list(db.session.scalars(
        select(func.count(Unit.id)).where(Unit.kind == kind).group_by(Unit.parent_id)))


def test_seed_builds_the_hanoi_union(app_ctx):
    seed_demo()

    city = db.session.scalar(select(Unit).where(Unit.code == "HN"))
    assert (city.name, city.kind, city.parent_id) == ("Hội LHPN thành phố Hà Nội", "city", None)
    wards = {unit.code: unit for unit in db.session.scalars(select(Unit).where(
        Unit.kind == "commune"))}
    assert len(wards) == 126
    assert {(code, unit.name) for code, unit in wards.items()} == {
        (f"{int(ward.code):05d}", f"Hội LHPN {ward.name}") for ward in hanoi_wards()}
    assert wards["00070"].name == "Hội LHPN Phường Hoàn Kiếm"
    assert {unit.parent_id for unit in wards.values()} == {city.id}
    assert set(_children_per_parent("branch")) <= {2, 3, 4}
    assert set(_children_per_parent("group")) <= {1, 2}
    # The closure table reaches every unit from the city.
    assert db.session.scalar(select(func.count()).where(
        UnitClosure.ancestor_id == city.id)) == _count(Unit)

    cadres = list(db.session.scalars(select(Cadre)))
    assert 1900 <= len(cadres) <= 2200
    assert _count(CadreUnitHistory) == len(cadres)
    assert len({cadre.phone for cadre in cadres}) == len(cadres)
    assert all(len(cadre.phone) == 10 and cadre.phone.startswith("0") for cadre in cadres)
    assert all(1960 <= cadre.birth_year <= 2000 for cadre in cadres)
    assert 0 < sum(not cadre.is_active for cadre in cadres) < len(cadres) / 10
    assert {cadre.education for cadre in cadres} == {
        "below_university", "university", "master", "doctorate"}
    chairs = [cadre for cadre in cadres if cadre.is_chair and cadre.unit.kind == "commune"]
    assert sorted(cadre.unit.code for cadre in chairs) == sorted(wards)
    assert all(c.is_key_cadre and c.is_full_time and c.position == "Chủ tịch" for c in chairs)
    assert {cadre.position for cadre in cadres if cadre.unit.kind == "group"} == {"Tổ trưởng"}
    assert all(cadre.is_department_leader == ("Trưởng" in cadre.position
                                              or "Chánh" in cadre.position)
               for cadre in cadres)


def _grants(username):
    user = db.session.scalar(select(User).where(User.username == username))
    assert user.check_password(DEMO_PASSWORD)
    return {(grant.role, grant.unit.code if grant.unit else None) for grant in user.roles}


def test_demo_accounts_are_created_once(app_ctx):
    first = seed_demo()
    assert first["accounts"] == 5

    assert _grants("admin") == {("admin", None)}
    assert _grants("organizer") == {("organizer", "HN")}
    assert _grants("organizer_ward") == {("organizer", "00070")}
    assert _grants("trainer") == {("trainer", None)}
    assert _grants("cadre") == set()
    cadre_user = find_user_by_login("cadre")
    branch = cadre_user.cadre.unit
    assert branch.kind == "branch" and branch.parent.code == "00070"
    assert cadre_user.display_name == cadre_user.cadre.full_name
    assert find_user_by_login(cadre_user.cadre.code) == cadre_user

    counts = {table.name: _count(table) for table in db.metadata.sorted_tables}
    assert seed_demo() == {}
    assert {table.name: _count(table) for table in db.metadata.sorted_tables} == counts


def test_demo_command_migrates_seeds_and_then_finds_everything_there(tmp_path, monkeypatch):
    monkeypatch.setattr(DemoConfig, "SQLALCHEMY_DATABASE_URI", f"sqlite:///{tmp_path}/demo.db")
    monkeypatch.setattr(DemoConfig, "TASK_QUEUE_URL", f"sqlite:///{tmp_path}/tasks.sqlite3")
    runner = CliRunner()

    first = runner.invoke(demo_command, ["--no-serve"])
    assert first.exit_code == 0, first.output
    # The summary in Vietnamese, numbers as Vietnamese write them.
    assert "126 cơ sở xã, phường" in first.output and "cán bộ" in first.output
    assert "cán bộ tổ chức, Hội LHPN Phường Hoàn Kiếm" in first.output
    assert "organizer_ward" in first.output

    second = runner.invoke(demo_command, ["--no-serve"])
    assert second.exit_code == 0, second.output
    assert "không tạo thêm gì" in second.output


def test_demo_training_gives_the_dashboard_real_figures(app_ctx):
    created = seed_demo()
    assert created["training sessions"] == 126 + 2
    assert _count(TrainingSession.__table__) == 128
    city = db.session.scalar(select(Unit).where(Unit.code == "HN"))
    figures = get_unit_report(city.id, Period(2026)).figures
    annual, digital = figures["annual_training"], figures["digital_training_full_time"]
    # About seven cadres in ten attended their ward's workshop: neither none nor everyone.
    assert 0.5 < annual.numerator / annual.denominator < 0.9
    assert 0 < digital.numerator < digital.denominator


def test_demo_programme_shows_on_the_cadres_home_with_real_statuses(app_ctx):
    created = seed_demo()
    assert created["programmes"] == 1
    today = date(2026, 10, 1)
    city = db.session.scalar(select(Unit).where(Unit.code == "HN"))
    (programme, _name, _can_edit), = get_programmes(city.id)
    assert (programme.year, programme.status, len(programme.requirements)) == (
        2026, "published", 3)
    assert all(req.courses for req in programme.requirements[:2])
    cadre = find_user_by_login("cadre").cadre
    assert [item.programme.id for item in get_cadre_programmes(cadre, today)] == [programme.id]
    # Nobody has every course yet, but the ward workshop puts most cadres on their way.
    counts = get_programme_report(programme, city, today).total.counts
    assert counts["done"] == 0 and counts["on_track"] > counts["not_started"] > 0


def test_the_import_templates_name_units_and_cadres_of_the_demo(app_ctx):
    seed_demo()
    # The codes the example rows refer to: a parent unit, a cadre's unit, a session's unit
    # and its attendees (the new unit's and the new cadre's own codes are new on purpose).
    units = {UNIT_EXAMPLE[2], CADRE_EXAMPLE[5], *(row[5] for row in ATTENDANCE_EXAMPLE)}
    cadres = {row[6] for row in ATTENDANCE_EXAMPLE}
    assert units == {"00070", "00070-CH01"}
    found_units = set(db.session.scalars(select(Unit.code).where(Unit.code.in_(units))))
    found_cadres = db.session.scalars(select(Cadre).where(Cadre.code.in_(cadres))).all()
    assert found_units == units and {cadre.code for cadre in found_cadres} == cadres
    assert all(cadre.is_active for cadre in found_cadres)
    assert db.session.scalar(select(Unit.id).where(Unit.code == UNIT_EXAMPLE[0])) is None
    assert db.session.scalar(select(Cadre.id).where(Cadre.code == CADRE_EXAMPLE[0])) is None

    # Each template, downloaded as it is, imports into the demo for Phường Hoàn Kiếm's organizer.
    ward_id = db.session.scalar(select(Unit.id).where(Unit.code == "00070"))
    data, _mimetype = org_template("units", "xlsx")
    assert import_units(io.BytesIO(data), "mau.xlsx", scope_root_id=ward_id).created == 1
    data, _mimetype = org_template("cadres", "csv")
    assert import_cadres(io.BytesIO(data), "mau.csv", scope_root_id=ward_id).created == 1
    data, _mimetype = attendance_template("xlsx")
    result = import_attendance(io.BytesIO(data), "mau.xlsx", scope_root_id=ward_id)
    assert (result.created, result.attendees_added) == (1, 2)
    db.session.commit()
    branch = db.session.scalar(select(Unit).where(Unit.code == "00070-CH05"))
    assert (branch.parent.code, branch.kind) == ("00070", "branch")
    assert db.session.scalar(select(Cadre).where(Cadre.code == "HN900001")).unit.code == \
        "00070-CH01"
    assert db.session.scalar(select(func.count(Attendance.id)).join(TrainingSession).where(
        TrainingSession.code == "TH-2026-001")) == 2
