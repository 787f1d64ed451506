"""The five indicators on a small hand-built tree; every expected number is worked out by
hand in the comments.

Tree:  HN (city) ─┬─ D (district) ─┬─ W1 (commune) ── B1 (branch)
                  │                └─ W2 (commune)
                  └─ W3 (commune, no cadres)

Cadres (report year 2024 unless said otherwise):
  c1  HN  full-time, key, dept leader, master.   it online 2023-05-01 (1h),
          digital in person 2024-03-10 (4h)
  c2  HN  full-time, key, dept leader, university. it online 2021-06-01 (before the term),
          digital online 2024-12-31 (2h)  <- 31 December
  c3  HN  INACTIVE, full-time, key, dept leader, master, trained 2024 -> excluded everywhere
  d1  D   full-time, key, doctorate. it online 2023-11-05, association online 2025-01-01
          <- 1 January, digital online 2027-01-10 (after the term end)
  w1  W1  chair, born 1984 (2024: 40 -> not "under 40"), university, no training
  w2  W1  chair, born 1985 (2024: 39), below university, key (commune: not city/district);
          in person 2024-06-30 (2h) + online 2024-07-01 (1.5h)
  w3  W1  chair, birth year unknown, trained online 2024-02-02 (1h)
  b1  B1  chair of a BRANCH (not commune), born 1990, full-time;
          it in person 2024-01-10 (3h), digital online 2024-09-01 (2h)
  b2  B1  moved from W2 to B1 after her online training 2024-04-04 (3h)
  v1  W2  chair, born 1990, master, no training
"""

from datetime import date

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.org.models import Unit
from lms.org.services import create_unit, move_cadre
from lms.reports.closing import close_period
from lms.reports.indicators import aggregation
from lms.reports.indicators.aggregation import compute_figures
from lms.reports.indicators.definitions import Figure, Period
from lms.reports.indicators.missing import missing_cadres_query
from lms.reports.indicators.unit_report import get_annual_training_series, get_unit_report
from lms.reports.models import ReportSettings
from tests.conftest import count_statements
from tests.factories import make_cadre
from tests.reports.helpers import d, in_person, online


@pytest.fixture(autouse=True, params=["probe", "set_based"])
def strategy(request, monkeypatch):
    """Every test runs with both ways of finding who trained: per-cadre probes (small
    subtrees) and one pass over the period's trainings (large ones); the numbers must agree."""
    monkeypatch.setattr(aggregation, "SET_BASED_FROM", 0 if request.param == "set_based" else 10**9)
    return request.param


@pytest.fixture
def tree(app_ctx):
    hn = create_unit("R-HN", "Thành hội", "city")
    dist = create_unit("R-D", "Quận Ba Đình", "district", parent=hn)
    w1 = create_unit("R-W1", "Phường Một", "commune", parent=dist)
    b1 = create_unit("R-B1", "Chi hội Một", "branch", parent=w1)
    w2 = create_unit("R-W2", "Phường Hai", "commune", parent=dist)
    w3 = create_unit("R-W3", "Phường Ba", "commune", parent=hn)
    db.session.commit()
    flags = {"is_full_time": True, "is_key_cadre": True, "is_department_leader": True}
    c1 = make_cadre(hn, education="master", **flags)
    c2 = make_cadre(hn, education="university", **flags)
    c3 = make_cadre(hn, education="master", is_active=False, **flags)
    d1 = make_cadre(dist, education="doctorate", is_full_time=True, is_key_cadre=True)
    w1c = make_cadre(w1, is_chair=True, birth_year=1984, education="university")
    w2c = make_cadre(w1, is_chair=True, birth_year=1985, education="below_university",
                     is_key_cadre=True)
    w3c = make_cadre(w1, is_chair=True, birth_year=None, education="university")
    b1c = make_cadre(b1, is_chair=True, birth_year=1990, is_full_time=True)
    b2c = make_cadre(w2, full_name="Lê Thị Chuyển")
    v1 = make_cadre(w2, is_chair=True, birth_year=1990, education="master")

    online(c1, "it", d("2023-05-01"))
    in_person([c1], "digital", d("2024-03-10"), hours=4)
    online(c2, "it", d("2021-06-01"))
    online(c2, "digital", d("2024-12-31"), hours=2)
    online(c3, "association", d("2024-05-05"), hours=10)
    online(d1, "it", d("2023-11-05"))
    online(d1, "association", d("2025-01-01"))
    online(d1, "digital", d("2027-01-10"))
    in_person([w2c], "association", d("2024-06-30"), hours=2)
    online(w2c, "association", d("2024-07-01"), hours=1.5)
    online(w3c, "association", d("2024-02-02"), hours=1)
    in_person([b1c], "it", d("2024-01-10"), hours=3)
    online(b1c, "digital", d("2024-09-01"), hours=2)
    online(b2c, "association", d("2024-04-04"), hours=3)
    move_cadre(b2c, b1)
    db.session.commit()
    return dict(hn=hn, dist=dist, w1=w1, b1=b1, w2=w2, w3=w3, c1=c1, c2=c2, c3=c3, d1=d1,
                w1c=w1c, w2c=w2c, w3c=w3c, b1c=b1c, b2c=b2c, v1=v1)


def nd(figure):
    return (figure.numerator, figure.denominator, figure.percent)


def test_figure_percent_and_target():
    assert Figure(1, 3, 35).percent == 33.3
    assert Figure(2, 3, 100).percent == 66.7
    assert Figure(0, 0, 100).percent is None
    assert Figure(0, 0, 100).on_target is None
    assert Figure(1, 2, 50).on_target is True
    assert Figure(1, 3, 35).on_target is False
    assert Figure(1, 2, 50).to_dict() == {"numerator": 1, "denominator": 2, "percent": 50.0,
                                          "target": 50}


def test_period_bounds():
    assert (Period(2024).start, Period(2024).end) == (date(2024, 1, 1), date(2024, 12, 31))
    assert (Period(2024, True).start, Period(2024, True).end) == (date(2024, 1, 1),
                                                                  date(2024, 6, 30))


def test_annual_training_year_2024(tree):
    t = tree
    units = [t[k].id for k in ("hn", "dist", "w1", "b1", "w2", "w3")]
    figures = compute_figures(units, Period(2024))
    annual = {k: nd(figures[t[k].id]["annual_training"])
              for k in ("hn", "dist", "w1", "b1", "w2", "w3")}
    # active: c1 c2 d1 w1 w2 w3 b1 b2 v1 = 9 (c3 inactive).
    # trained in 2024: c1 (03-10), c2 (12-31), w2, w3, b1, b2 (moved, history follows) = 6.
    # d1 only 2023 and 2025-01-01; w1, v1 none.
    assert annual["hn"] == (6, 9, 66.7)
    # D subtree: d1, w1 w2 w3, b1 b2, v1 = 7; trained w2 w3 b1 b2 = 4 -> 57.1
    assert annual["dist"] == (4, 7, 57.1)
    # W1: w1 w2 w3 b1 b2 = 5, trained 4 -> 80.0
    assert annual["w1"] == (4, 5, 80.0)
    # B1: b1, b2 (moved in with her training) -> 2/2
    assert annual["b1"] == (2, 2, 100.0)
    # W2: only v1 left (b2 moved out), untrained -> 0/1
    assert annual["w2"] == (0, 1, 0.0)
    # W3: no cadres -> 0/0, percent None
    assert annual["w3"] == (0, 0, None)
    assert all(f.denominator == 0 for f in figures[t["w3"].id].values())
    assert figures[t["b1"].id]["annual_training"].on_target is True
    assert figures[t["hn"].id]["annual_training"].target == 100


def test_year_boundary_31_december_and_1_january(tree):
    t = tree
    f2025 = compute_figures([t["hn"].id, t["dist"].id], Period(2025))
    # 2025: only d1 (2025-01-01); c2's 2024-12-31 does not count -> 1/9 = 11.1
    assert nd(f2025[t["hn"].id]["annual_training"]) == (1, 9, 11.1)
    assert nd(f2025[t["dist"].id]["annual_training"]) == (1, 7, 14.3)
    # and in 2024 c2 (31 Dec) counts at the city, d1 (1 Jan 2025) does not at D: see above.
    f2024 = compute_figures([t["hn"].id], Period(2024))
    missing = {c.id for c, _unit, _reason in
               db.session.execute(missing_cadres_query(t["hn"].id, "annual_training",
                                                       Period(2024)))}
    assert t["c2"].id not in missing and t["d1"].id in missing
    assert f2024[t["hn"].id]["annual_training"].numerator == 6


def test_half_year_view(tree):
    t = tree
    figures = compute_figures([t["hn"].id, t["b1"].id], Period(2024, half=True))
    # Jan–Jun 2024: c1 (03-10), w2 (06-30), w3 (02-02), b1 (01-10), b2 (04-04) = 5/9 -> 55.6
    # (c2's 12-31 and w2's 07-01 fall outside)
    assert nd(figures[t["hn"].id]["annual_training"]) == (5, 9, 55.6)
    # digital up to 30 June: c1 (it 2023 + digital 03-10) yes; b1's digital is 09-01 -> no;
    # full-time c1 c2 d1 b1 -> 1/4 = 25.0
    assert nd(figures[t["hn"].id]["digital_training_full_time"]) == (1, 4, 25.0)
    assert nd(figures[t["b1"].id]["digital_training_full_time"]) == (0, 1, 0.0)


def test_min_hours_setting_adds_online_and_in_person_hours(tree):
    t = tree
    db.session.add(ReportSettings(term_start=date(2022, 1, 1), term_end=date(2026, 12, 31),
                                  min_hours_per_year=3))
    db.session.commit()
    figures = compute_figures([t["hn"].id], Period(2024))
    # hours in 2024: c1 4 (in person) ok; c2 2 short; w2 2 in person + 1.5 online = 3.5 ok;
    # w3 1 short; b1 3 in person + 2 online = 5 ok; b2 3 (= 3) ok -> 4/9 = 44.4
    assert nd(figures[t["hn"].id]["annual_training"]) == (4, 9, 44.4)
    rows = db.session.execute(missing_cadres_query(t["hn"].id, "annual_training",
                                                   Period(2024))).all()
    reasons = {cadre.id: reason for cadre, _unit, reason in rows}
    assert reasons == {t["c2"].id: "hours_short", t["w3c"].id: "hours_short",
                       t["d1"].id: "no_training", t["w1c"].id: "no_training",
                       t["v1"].id: "no_training"}


@pytest.mark.parametrize("min_hours", [None, 3])
@pytest.mark.parametrize("period", [Period(2024), Period(2024, half=True), Period(2025)],
                         ids=["2024", "2024-h1", "2025"])
def test_counting_each_cadre_once_under_a_child_gives_the_per_unit_figures(tree, min_hours,
                                                                         period):
    # Both statements run here, whichever this database uses for the dashboard
    # (counts_each_cadre_once): for every unit of the tree and its children, with cadres in
    # the unit itself, an inactive one, one moved, a unit without cadres (w3) and a leaf (b1).
    if min_hours:
        db.session.add(ReportSettings(term_start=date(2022, 1, 1),
                                      term_end=date(2026, 12, 31), min_hours_per_year=min_hours))
        db.session.commit()
    settings = aggregation.get_report_settings()
    for name in ("hn", "dist", "w1", "w2", "w3", "b1"):
        unit = tree[name]
        child_ids = list(db.session.scalars(select(Unit.id).where(Unit.parent_id == unit.id)))
        per_unit = aggregation._aggregate([unit.id, *child_ids], period, settings)
        once = aggregation._aggregate_unit_and_children(unit.id, child_ids, period, settings)
        assert once == per_unit, name
    hn_children = [tree["dist"].id, tree["w3"].id]
    figures = aggregation._aggregate_unit_and_children(tree["hn"].id, hn_children, period,
                                                      settings)
    assert figures[tree["hn"].id]["annual_training"].denominator == 9


def test_digital_needs_it_and_digital_inside_the_term(tree):
    t = tree
    figures = compute_figures([t["hn"].id, t["dist"].id, t["w1"].id, t["w2"].id],
                              Period(2024))
    # full-time active: c1 c2 d1 b1 (c3 inactive) = 4
    # c1: it 2023 + digital 2024 -> yes; c2: it 2021 is before the term start -> no;
    # d1: digital 2027 after the report year -> no; b1: it 01-10 + digital 09-01 -> yes
    assert nd(figures[t["hn"].id]["digital_training_full_time"]) == (2, 4, 50.0)
    assert nd(figures[t["dist"].id]["digital_training_full_time"]) == (1, 2, 50.0)
    assert nd(figures[t["w1"].id]["digital_training_full_time"]) == (1, 1, 100.0)
    assert nd(figures[t["w2"].id]["digital_training_full_time"]) == (0, 0, None)
    # 2027: d1's digital (2027-01-10) is after the term end 2026-12-31 -> still no at D
    assert compute_figures([t["dist"].id], Period(2027))[t["dist"].id][
        "digital_training_full_time"].numerator == 1  # b1 only
    rows = db.session.execute(missing_cadres_query(t["hn"].id, "digital_training_full_time",
                                                   Period(2024))).all()
    assert {c.id: r for c, _u, r in rows} == {t["c2"].id: "no_it", t["d1"].id: "no_digital"}
    # moving the term start back to 2021 lets c2's 2021 IT course count: 3/4
    db.session.add(ReportSettings(term_start=date(2021, 1, 1), term_end=date(2027, 12, 31)))
    db.session.commit()
    assert nd(compute_figures([t["hn"].id], Period(2024))[t["hn"].id][
        "digital_training_full_time"]) == (3, 4, 75.0)
    # ... and with the term end in 2027, d1 is complete in 2027: D = d1 + b1 = 2/2
    assert nd(compute_figures([t["dist"].id], Period(2027))[t["dist"].id][
        "digital_training_full_time"]) == (2, 2, 100.0)


def test_education_indicators(tree):
    t = tree
    figures = compute_figures([t["hn"].id, t["dist"].id, t["w1"].id, t["w2"].id],
                              Period(2024))
    hn, dist, w1, w2 = (figures[t[k].id] for k in ("hn", "dist", "w1", "w2"))
    # dept leaders: c1 (master), c2 (university); c3 inactive -> 1/2 = 50.0, on target (50)
    assert nd(hn["master_dept_leaders"]) == (1, 2, 50.0)
    assert hn["master_dept_leaders"].on_target is True
    # key cadres in city/district units: c1 (master), c2 (university), d1 (doctorate);
    # w2 is key but in a commune -> 2/3 = 66.7
    assert nd(hn["master_key_cadres"]) == (2, 3, 66.7)
    assert nd(dist["master_key_cadres"]) == (1, 1, 100.0)
    assert nd(w1["master_key_cadres"]) == (0, 0, None)
    # commune chairs under 40 in 2024: w1 born 1984 (40) out, w2 born 1985 (39) in,
    # w3 unknown out, b1 chairs a branch out, v1 born 1990 in.
    # university+: v1 (master) yes, w2 (below) no -> 1/2 = 50.0
    assert nd(hn["university_young_chairs"]) == (1, 2, 50.0)
    assert nd(w1["university_young_chairs"]) == (0, 1, 0.0)
    assert nd(w2["university_young_chairs"]) == (1, 1, 100.0)
    # 2025: w2 turns 40 -> only v1: 1/1
    f2025 = compute_figures([t["hn"].id], Period(2025))[t["hn"].id]
    assert nd(f2025["university_young_chairs"]) == (1, 1, 100.0)
    rows = db.session.execute(missing_cadres_query(t["hn"].id, "university_young_chairs",
                                                   Period(2024))).all()
    assert [(c.id, r) for c, _u, r in rows] == [(t["w2c"].id, "no_university")]
    rows = db.session.execute(missing_cadres_query(t["hn"].id, "master_key_cadres",
                                                   Period(2024))).all()
    assert [(c.id, r) for c, _u, r in rows] == [(t["c2"].id, "no_master")]


def test_key_cadre_counts_in_her_current_unit(tree):
    t = tree
    move_cadre(t["d1"], t["w2"])  # a district key cadre rotated to a commune
    db.session.commit()
    figures = compute_figures([t["hn"].id], Period(2025))[t["hn"].id]
    # key cadres in city/district units now: c1, c2 -> 1/2
    assert nd(figures["master_key_cadres"]) == (1, 2, 50.0)
    # her 2025-01-01 training moved with her: W2 2025 = d1 / (v1, d1)
    w2 = compute_figures([t["w2"].id], Period(2025))[t["w2"].id]
    assert nd(w2["annual_training"]) == (1, 2, 50.0)


def test_missing_list_search_ignores_case_and_diacritics(tree):
    t = tree
    query = missing_cadres_query(t["hn"].id, "annual_training", Period(2025), search="LE THI")
    rows = db.session.execute(query).all()
    assert [(c.id, unit_name) for c, unit_name, _r in rows] == [(t["b2c"].id, "Chi hội Một")]
    assert db.session.execute(missing_cadres_query(
        t["w2"].id, "annual_training", Period(2025), search="chuyển")).all() == []


def test_unit_report_and_year_series(tree):
    t = tree
    report = get_unit_report(t["dist"].id, Period(2024))
    assert report.unit.id == t["dist"].id and report.closed is None
    # children ordered by name: "Phường Hai" (W2) before "Phường Một" (W1)
    assert [child.id for child, _f in report.children] == [t["w2"].id, t["w1"].id]
    assert nd(report.figures["annual_training"]) == (4, 7, 57.1)
    assert {c.id: nd(f["annual_training"]) for c, f in report.children} == {
        t["w1"].id: (4, 5, 80.0), t["w2"].id: (0, 1, 0.0)}
    series = get_annual_training_series(t["hn"].id, [2025, 2023, 2024])
    # 2023: c1 (05-01), d1 (11-05) -> 2/9; 2024: 6/9; 2025: 1/9
    assert list(series.figures) == [2023, 2024, 2025]
    assert [nd(series.figures[y]) for y in (2023, 2024, 2025)] == [
        (2, 9, 22.2), (6, 9, 66.7), (1, 9, 11.1)]
    assert series.figures[2024] == compute_figures([t["hn"].id], Period(2024))[
        t["hn"].id]["annual_training"]
    assert series.closed_years == frozenset()


def test_the_year_series_counts_hours_when_a_minimum_is_set(tree):
    t = tree
    db.session.add(ReportSettings(term_start=date(2022, 1, 1), term_end=date(2026, 12, 31),
                                  min_hours_per_year=3))
    db.session.commit()
    series = get_annual_training_series(t["hn"].id, [2024])
    assert nd(series.figures[2024]) == (4, 9, 44.4)  # as in the min-hours test above


def test_a_closed_year_keeps_its_stored_figure_in_the_series(tree):
    t = tree
    close_period(t["dist"], Period(2024), actor=None)
    close_period(t["dist"], Period(2023, half=True), actor=None)  # a half-year is not a year
    db.session.commit()
    late = make_cadre(t["w1"])
    online(late, "association", d("2024-06-06"))
    online(late, "association", d("2023-06-06"))
    series = get_annual_training_series(t["w1"].id, [2023, 2024])
    assert series.closed_years == frozenset({2024})
    live = compute_figures([t["w1"].id], Period(2024))[t["w1"].id]["annual_training"]
    assert nd(live) == (5, 6, 83.3)
    assert nd(series.figures[2024]) == (4, 5, 80.0)  # w1 as it stood at closing
    assert series.figures[2023].denominator == 6  # open: follows the data


def _grow(tree, units, cadres_per_unit):
    """Add `units` communes under D, each with cadres and trainings."""
    for n in range(units):
        ward = create_unit(f"R-X{n}", f"Phường X{n}", "commune", parent=tree["dist"])
        db.session.commit()
        for _ in range(cadres_per_unit):
            cadre = make_cadre(ward, is_full_time=True, is_chair=True, birth_year=1995)
            online(cadre, "it", d("2024-03-03"))


def test_statement_count_does_not_grow_with_the_tree(tree):
    t = tree
    db.session.expire_all()

    def run():
        with count_statements() as statements:
            compute_figures([t["hn"].id, t["dist"].id], Period(2024))
            get_unit_report(t["dist"].id, Period(2024))
            get_annual_training_series(t["dist"].id, [2022, 2023, 2024])
        db.session.expire_all()
        return len(statements)

    small = run()
    _grow(t, 6, 4)
    large = run()
    assert small == large
    report = get_unit_report(t["dist"].id, Period(2024))
    assert len(report.children) == 8
    # 7 + 24 new cadres, each new one trained in 2024 -> 4 + 24 = 28 of 31
    assert nd(report.figures["annual_training"]) == (28, 31, 90.3)
