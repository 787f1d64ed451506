"""The dashboard's figures are kept between requests and made old by every committed write to
the tables they are computed from (lms/core/cache.py, INDICATOR_INPUT_TABLES)."""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Table, event, text, update
from sqlalchemy.sql.util import find_tables

from lms import create_app
from lms.core.cache import VersionedCache
from lms.extensions import db, result_cache
from lms.learning.services import record_completion
from lms.org.imports.cadres import import_cadres
from lms.org.models import Cadre
from lms.org.services import create_unit, move_cadre, move_unit, update_cadre
from lms.reports.closing import close_period
from lms.reports.indicators import aggregation
from lms.reports.indicators.aggregation import (
    INDICATOR_INPUT_TABLES,
    INDICATORS_CACHE,
    compute_figures,
    compute_unit_and_children_figures,
)
from lms.reports.indicators.definitions import INDICATOR_IDS, Period
from lms.reports.indicators.missing import count_missing, missing_cadres_query
from lms.reports.indicators.unit_report import get_annual_training_series, get_unit_report
from lms.reports.services import update_report_settings
from lms.training.imports import import_attendance
from lms.training.models import TrainingSession
from lms.training.services import add_attendees, create_session, remove_attendee
from tests.conftest import count_statements
from tests.factories import make_cadre, make_course, make_user
from tests.reports.helpers import d, online

YEAR = Period(2024)


@pytest.fixture
def city(app_ctx):
    hn = create_unit("C-HN", "Thành hội", "city")
    ward = create_unit("C-W1", "Phường Một", "commune", parent=hn)
    other = create_unit("C-W2", "Phường Hai", "commune", parent=hn)
    branch = create_unit("C-B1", "Chi hội Một", "branch", parent=ward)
    db.session.commit()
    trained = make_cadre(branch, code="C-1")
    untrained = make_cadre(branch, code="C-2")
    online(trained, "association", d("2024-03-03"), hours=2)
    return {"hn": hn, "ward": ward, "other": other, "branch": branch, "trained": trained,
            "untrained": untrained, "admin": make_user("c-admin", "admin")}


def annual(unit, period=YEAR):
    """The unit's annual_training figure and its missing count, as a page would read them."""
    figure = compute_figures([unit.id], period)[unit.id]["annual_training"]
    return figure.numerator, figure.denominator, count_missing(unit.id, "annual_training",
                                                               period)


def live(unit, period=YEAR):
    """The same figure computed now, never read from the cache, and the missing cadres
    counted one by one."""
    result_cache.bump(INDICATORS_CACHE)
    numerator, denominator, _count = annual(unit, period)
    missing = db.session.execute(missing_cadres_query(unit.id, "annual_training", period))
    return numerator, denominator, len(missing.all())


def test_a_repeated_report_is_read_from_the_cache_without_its_aggregate(city):
    get_unit_report(city["hn"].id, YEAR)
    get_annual_training_series(city["hn"].id, range(2020, 2025))
    count_missing(city["hn"].id, "annual_training", YEAR)
    with count_statements() as again:
        report = get_unit_report(city["hn"].id, YEAR)
        series = get_annual_training_series(city["hn"].id, range(2020, 2025))
        missing = count_missing(city["hn"].id, "annual_training", YEAR)
    assert report.figures["annual_training"].numerator == 1
    assert series.figures[2024].numerator == 1
    assert missing == 1
    assert not [s for s in again
                if "course_completion" in s or "attendance" in s or "FROM cadre" in s]


def _tables_read_while_computing(call, monkeypatch):
    """Names of every table the statements read while `call` computes a cached result."""
    seen, computing = set(), []
    keep = result_cache.get_or_compute

    def watched(namespace, key_parts, compute, **codec):
        def compute_and_note():
            computing.append(namespace)
            try:
                return compute()
            finally:
                computing.pop()
        return keep(namespace, key_parts, compute_and_note, **codec)

    def record(_conn, clause, *_args):
        if computing:
            seen.update(table.name for table in find_tables(
                clause, include_aliases=True, include_joins=True, include_selects=True)
                if isinstance(table, Table))

    monkeypatch.setattr(result_cache, "get_or_compute", watched)
    event.listen(db.engine, "before_execute", record)
    try:
        call()
    finally:
        event.remove(db.engine, "before_execute", record)
    return seen


@pytest.mark.parametrize("set_based_from", [0, 10**9])
def test_the_watched_tables_are_every_table_the_cached_figures_are_computed_from(
        city, monkeypatch, set_based_from):
    # How we know the list is complete: the statements that compute what is cached are
    # taken apart, with each strategy, a minimum of hours set and a closed year in the series.
    monkeypatch.setattr(aggregation, "SET_BASED_FROM", set_based_from)
    # The statement that counts each cadre once under a unit's child, on every database.
    monkeypatch.setattr(aggregation, "counts_each_cadre_once", lambda: True)
    update_report_settings(date(2021, 1, 1), date(2026, 12, 31), 1, city["admin"])
    close_period(city["ward"], Period(2023), city["admin"])
    db.session.commit()
    read = _tables_read_while_computing(lambda: (
        result_cache.bump(INDICATORS_CACHE),
        compute_figures([city["hn"].id, city["ward"].id], YEAR),
        compute_unit_and_children_figures(city["hn"].id, [city["ward"].id, city["other"].id],
                                          YEAR),
        get_annual_training_series(city["ward"].id, range(2022, 2025)),
        get_annual_training_series(city["hn"].id, range(2022, 2025)),
        [count_missing(city["hn"].id, indicator, YEAR) for indicator in INDICATOR_IDS]),
        monkeypatch)
    assert read, "no statement was seen"
    assert read <= set(INDICATOR_INPUT_TABLES), read - set(INDICATOR_INPUT_TABLES)


def _course_completed(city):
    record_completion(city["untrained"], make_course("Khóa tin học", track="it", hours="1"),
                      at=datetime(2024, 5, 5, 9))


def _new_session(city, held_on="2024-06-06"):
    return create_session("Tập huấn", "association", d(held_on), 2, city["ward"],
                          actor=city["admin"])


def _session_attended(city):
    add_attendees(_new_session(city), [city["untrained"].id], actor=city["admin"])


def _attendance_removed(city):
    session = db.session.scalar(db.select(TrainingSession))
    remove_attendee(session, city["untrained"].id, actor=city["admin"])


def _session_moved_out_of_the_year(city):
    db.session.scalar(db.select(TrainingSession)).held_on = d("2025-01-02")


def _minimum_of_two_hours(city):
    update_report_settings(date(2021, 1, 1), date(2026, 12, 31), 2, city["admin"])
    _session_attended(city)


def _session_hours_edited_below_the_minimum(city):
    db.session.execute(update(TrainingSession).values(hours=Decimal("1")))


def _cadre_moved_out(city):
    move_cadre(city["untrained"], city["other"])


def _cadre_made_inactive(city):
    update_cadre(city["untrained"], {"is_active": False}, actor=city["admin"])


def _cadre_imported(city):
    rows = "Mã cán bộ,Họ và tên,Mã đơn vị\nC-3,Nguyễn Thị Mới,C-B1\n"
    import_cadres(io.BytesIO(rows.encode()), "can-bo.csv", actor=city["admin"])


def _attendance_imported(city):
    rows = ("Mã buổi,Tên buổi tập huấn,Lĩnh vực,Ngày,Số giờ,Mã đơn vị,Mã cán bộ\n"
            "NK-1,Tập huấn kỹ năng,Công nghệ thông tin,07/07/2024,2,C-W1,C-2\n")
    import_attendance(io.BytesIO(rows.encode()), "diem-danh.csv", actor=city["admin"])


def _unit_moved(city):
    move_unit(city["branch"], city["other"], actor=city["admin"])


def _settings_changed(city):
    update_report_settings(date(2021, 1, 1), date(2026, 12, 31), 5, city["admin"])


def _raw_sql_write(city):
    db.session.execute(text("UPDATE cadre SET is_active = :no WHERE code = 'C-1'"),
                       {"no": False})


# (what is there first, the write under test)
WRITE_PATHS = [(None, _course_completed), (None, _session_attended),
               (_session_attended, _attendance_removed),
               (_session_attended, _session_moved_out_of_the_year),
               (_minimum_of_two_hours, _session_hours_edited_below_the_minimum),
               (None, _cadre_moved_out), (None, _cadre_made_inactive), (None, _cadre_imported),
               (None, _attendance_imported), (None, _unit_moved), (None, _settings_changed),
               (None, _raw_sql_write)]


@pytest.mark.parametrize("setup, write", WRITE_PATHS,
                         ids=[write.__name__.strip("_") for _setup, write in WRITE_PATHS])
def test_every_write_path_that_changes_the_figures_makes_the_cached_ones_old(city, setup,
                                                                             write):
    if setup is not None:
        setup(city)
        db.session.commit()
    units = [city["hn"], city["ward"], city["other"]]
    before = {unit.id: annual(unit) for unit in units}
    write(city)
    db.session.commit()
    after = {unit.id: annual(unit) for unit in units}
    truth = {unit.id: live(unit) for unit in units}
    assert after == truth
    # The write did change a figure (so the check above is not trivially true).
    assert truth != before


def test_a_rolled_back_write_keeps_the_cached_figures(city):
    annual(city["hn"])
    version = result_cache.version(INDICATORS_CACHE)
    move_cadre(city["untrained"], city["other"])
    db.session.rollback()
    assert result_cache.version(INDICATORS_CACHE) == version


def test_a_write_to_another_table_keeps_the_cached_figures(city):
    annual(city["hn"])
    version = result_cache.version(INDICATORS_CACHE)
    make_user("c-someone")
    db.session.commit()
    assert result_cache.version(INDICATORS_CACHE) == version


REDIS = "redis://127.0.0.1:6379/14"


def test_two_servers_sharing_redis_see_each_others_writes(app, city):
    import redis

    redis.Redis.from_url(REDIS).flushdb()
    shared = {**app.config, "CACHE_URL": REDIS}
    first, second = create_app(shared), create_app(shared)
    ward_id = city["ward"].id
    try:
        with first.app_context():
            assert annual(db.session.get(type(city["ward"]), ward_id)) == (1, 2, 1)
        with second.app_context():
            cadre = db.session.scalar(db.select(Cadre).where(Cadre.code == "C-2"))
            online(cadre, "digital", d("2024-08-08"))
        with first.app_context():
            assert annual(db.session.get(type(city["ward"]), ward_id)) == (2, 2, 0)
    finally:
        _close(first, second)


def _close(*apps):
    """Give back the connections of apps made by a test (PostgreSQL keeps them open)."""
    for other in apps:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def test_an_unreachable_redis_computes_the_figures_without_the_cache(app, city):
    cache = VersionedCache()
    down = create_app({**app.config, "CACHE_URL": "redis://127.0.0.1:6399/0"})
    cache.init_app(down)
    try:
        with down.app_context():
            assert cache.version(INDICATORS_CACHE) is None
            assert cache.get_or_compute(INDICATORS_CACHE, ("x",), lambda: 42) == 42
            cadre = db.session.scalar(db.select(Cadre).where(Cadre.code == "C-2"))
            online(cadre, "digital", d("2024-08-08"))  # the commit's bump fails quietly
    finally:
        _close(down)
