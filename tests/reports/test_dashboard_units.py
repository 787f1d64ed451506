"""The dashboard's list of child units: attention order, search without accents, the
below-target filter, the sorts, the distribution by percent band and the ten lowest units,
on a small tree whose figures are worked out by hand."""

import re
from types import SimpleNamespace

import pytest

from lms.extensions import db
from lms.org.services import create_unit
from lms.reports.charts import band_rows
from lms.reports.child_units import (
    NO_CADRES,
    ChildListArgs,
    child_list_args,
    count_bands,
    select_children,
)
from lms.reports.indicators.definitions import Period
from lms.reports.indicators.unit_report import get_unit_report
from tests.conftest import count_statements, login
from tests.factories import make_cadre, make_user
from tests.reports.helpers import d, online

# name, code, cadres, of them trained in 2024 (annual_training, target 100 %)
BRANCHES = [
    ("Chi hội Hoàn Kiếm", "CG-HK", 4, 1),   # 25 %
    ("Chi hội Đống Đa", "CG-DD", 2, 2),     # 100 %
    ("Chi hội Ba Đình", "CG-BD", 4, 2),     # 50 %, 2 still to train
    ("Chi hội Tổ 18", "CG-18", 2, 1),       # 50 %, 1 still to train
    ("Chi hội Tổ 4", "CG-04", 0, 0),        # nobody counted
    ("Chi hội Hà Đông", "CG-HD", 3, 3),     # 100 %
    ("Chi hội Dịch Vọng", "CG-DV", 1, 0),   # 0 %
]
ATTENTION = ["Chi hội Dịch Vọng", "Chi hội Hoàn Kiếm", "Chi hội Ba Đình", "Chi hội Tổ 18",
             "Chi hội Đống Đa", "Chi hội Hà Đông", "Chi hội Tổ 4"]


@pytest.fixture
def tree(client, org):
    """A ward of seven branches (BRANCHES) under the city, its organizer signed in."""
    ward = create_unit("CG", "Phường Cầu Giấy", "commune", parent=org.city)
    units = {}
    for name, code, cadres, trained in BRANCHES:
        unit = create_unit(code, name, "branch", parent=ward)
        db.session.commit()
        units[name] = unit
        for n in range(cadres):
            cadre = make_cadre(unit)
            if n < trained:
                online(cadre, "association", d("2024-04-01"))
    make_user("org_cg", "organizer", unit=ward)
    login(client, "org_cg")
    return SimpleNamespace(ward=ward, units=units, names={u.id: n for n, u in units.items()})


def listed(client, tree, query=""):
    """The names of the child units the dashboard lists, in order, and the page."""
    html = client.get(f"/reports/units/{tree.ward.id}?year=2024{query}").get_data(as_text=True)
    table = re.search(r'<table class="report-table unit-rows">.*?</table>', html, re.S)
    rows = re.findall(r'<tr data-unit="(\d+)">', table.group(0)) if table else []
    return [tree.names[int(unit_id)] for unit_id in rows], html


def test_units_furthest_below_target_come_first(client, tree):
    names, html = listed(client, tree)
    # 0 %, 25 %, 50 % (2 to train), 50 % (1 to train), 100 % (by name: Đ before H), no one
    assert names == ATTENTION
    # the ward: 16 cadres (4 + 2 + 4 + 2 + 0 + 3 + 1), 9 trained (1 + 2 + 2 + 1 + 0 + 3 + 0)
    assert re.search(r'data-indicator="annual_training">.*?data-numerator="9" '
                     r'data-denominator="16"', html, re.S)
    assert "Chỉ đơn vị chưa đạt (4)" in html
    dv = tree.units["Chi hội Dịch Vọng"]
    row = re.search(f'<tr data-unit="{dv.id}">.*?</tr>', html, re.S).group(0)
    assert f'<a class="drill" href="/reports/units/{dv.id}?year=2024">' in row
    assert ('<td data-indicator="annual_training" data-numerator="0" data-denominator="1" '
            'class="cell-off">') in row


def test_search_ignores_accents_and_case(client, tree):
    assert listed(client, tree, "&q=hoan+kiem")[0] == ["Chi hội Hoàn Kiếm"]
    assert listed(client, tree, "&q=HOÀN")[0] == ["Chi hội Hoàn Kiếm"]
    # "dong" is in Đống Đa and Hà Đông; attention order kept (both 100 %, by name)
    names, html = listed(client, tree, "&q=dong")
    assert names == ["Chi hội Đống Đa", "Chi hội Hà Đông"]
    assert "2 trên 7 đơn vị" in html
    # a code finds its unit too
    assert listed(client, tree, "&q=cg-bd")[0] == ["Chi hội Ba Đình"]
    names, html = listed(client, tree, "&q=khong+co")
    assert names == [] and "Không có đơn vị nào phù hợp." in html


def test_below_target_only(client, tree):
    names, html = listed(client, tree, "&below=1")
    assert names == ["Chi hội Dịch Vọng", "Chi hội Hoàn Kiếm", "Chi hội Ba Đình",
                     "Chi hội Tổ 18"]
    assert "4 trên 7 đơn vị" in html
    # the filter's link now turns it off, and keeps the sort
    assert listed(client, tree, "&below=1&sort=name&q=to")[0] == ["Chi hội Tổ 18"]
    html = listed(client, tree, "&below=1&sort=name")[1]
    assert f'href="/reports/units/{tree.ward.id}?year=2024&amp;sort=name#units"' in html


def test_sorts(client, tree):
    # Vietnamese order: D before Đ, then H; numbers by value (4 before 18)
    assert listed(client, tree, "&sort=name")[0] == [
        "Chi hội Ba Đình", "Chi hội Dịch Vọng", "Chi hội Đống Đa", "Chi hội Hà Đông",
        "Chi hội Hoàn Kiếm", "Chi hội Tổ 4", "Chi hội Tổ 18"]
    # highest first; equal percents: the larger unit first; no one counted last
    assert listed(client, tree, "&sort=percent")[0] == [
        "Chi hội Hà Đông", "Chi hội Đống Đa", "Chi hội Ba Đình", "Chi hội Tổ 18",
        "Chi hội Hoàn Kiếm", "Chi hội Dịch Vọng", "Chi hội Tổ 4"]
    # an unknown choice is the default, not an error
    assert listed(client, tree, "&sort=zzz&indicator=zzz&band=7&page=x")[0] == ATTENTION


def test_another_indicator_is_listed_and_kept_when_drilling_down(client, tree):
    names, html = listed(client, tree, "&indicator=master_key_cadres")
    # nobody counted anywhere for key cadres of city or district units: name order at the end
    assert names == ["Chi hội Ba Đình", "Chi hội Dịch Vọng", "Chi hội Đống Đa",
                     "Chi hội Hà Đông", "Chi hội Hoàn Kiếm", "Chi hội Tổ 4", "Chi hội Tổ 18"]
    first = re.search(r'<tr data-unit="\d+">.*?</tr>', html, re.S).group(0)
    assert first.index('data-indicator="master_key_cadres"') < first.index(
        'data-indicator="annual_training"')
    bd = tree.units["Chi hội Ba Đình"]
    assert f'href="/reports/units/{bd.id}?year=2024&amp;indicator=master_key_cadres"' in html


def test_the_list_runs_no_statement_of_its_own(client, tree):
    url = f"/reports/units/{tree.ward.id}?year=2024"
    client.get(url)
    with count_statements() as plain:
        client.get(url)
    with count_statements() as chosen:
        assert client.get(url + "&q=dong&below=1&sort=name&indicator=master_dept_leaders"
                          ).status_code == 200
    assert len(chosen) == len(plain)


def test_bands_and_lowest_units_on_the_page(client, tree, monkeypatch):
    # Seven units draw no distribution by default (the list shows them all) ...
    html = listed(client, tree)[1]
    assert "band-chart" not in html
    # ... the ten lowest are all seven less the one without cadres, in attention order
    lowest = re.search(r'<figure class="chart row-chart unit-bar-chart">.*?</figure>', html,
                       re.S).group(0)
    assert [tree.names[int(i)] for i in re.findall(r'data-unit="(\d+)"', lowest)] == \
        ATTENTION[:-1]
    assert "25,0\u00a0%" in lowest and 'width="25.0"' in lowest

    monkeypatch.setattr("lms.reports.views.BANDS_FROM_UNITS", 0)
    html = listed(client, tree)[1]
    chart = re.search(r'<figure class="chart row-chart band-chart">.*?</figure>', html,
                      re.S).group(0)
    bands = dict(re.findall(r'data-band="(-?\d+)" data-units="(\d+)"', chart))
    # 100 %: Đống Đa, Hà Đông; 50-59,9 %: Ba Đình, Tổ 18; 20-29,9 %: Hoàn Kiếm;
    # 0-9,9 %: Dịch Vọng; no cadres: Tổ 4
    assert bands == {"100": "2", "90": "0", "80": "0", "70": "0", "60": "0", "50": "2",
                     "40": "0", "30": "0", "20": "1", "10": "0", "0": "1", "-1": "1"}
    assert "50–59,9\u00a0%" in chart and "Không có cán bộ" in chart
    # a band is a link to its units (an empty one is not)
    assert f'href="/reports/units/{tree.ward.id}?year=2024&amp;band=50#units"' in chart
    assert "band=90" not in chart
    names, html = listed(client, tree, "&band=50")
    assert names == ["Chi hội Ba Đình", "Chi hội Tổ 18"]
    assert "Đơn vị từ 50\u00a0% đến 59,9\u00a0%" in html and "2 trên 7 đơn vị" in html
    assert listed(client, tree, f"&band={NO_CADRES}")[0] == ["Chi hội Tổ 4"]


def test_count_bands_and_their_colours(app_ctx, tree):
    report = get_unit_report(tree.ward.id, Period(2024))
    counts = count_bands(report.children, "annual_training")
    assert counts == {100: 2, 90: 0, 80: 0, 70: 0, 60: 0, 50: 2, 40: 0, 30: 0, 20: 1, 10: 0,
                      0: 1, NO_CADRES: 1}
    # target 35 %: bands at 40 % and above are on target, 30-39,9 % partly, below off;
    # the chart stops at the lowest band holding a unit (20 %)
    rows = band_rows({100: 1, 90: 0, 80: 0, 70: 0, 60: 0, 50: 0, 40: 4, 30: 2, 20: 1, 10: 0,
                      0: 0}, 35, lambda band: f"#{band}")
    assert [(r.key, r.value, r.width, r.status, r.url) for r in rows.rows] == [
        (100, 1, 25.0, "on", "#100"), (90, 0, 0.0, "on", None), (80, 0, 0.0, "on", None),
        (70, 0, 0.0, "on", None), (60, 0, 0.0, "on", None), (50, 0, 0.0, "on", None),
        (40, 4, 100.0, "on", "#40"), (30, 2, 50.0, "part", "#30"), (20, 1, 25.0, "off", "#20")]


def test_pages_of_the_list(app_ctx, tree):
    report = get_unit_report(tree.ward.id, Period(2024))
    page = select_children(report.children, ChildListArgs(page=2), per_page=3)
    assert [unit.name for unit, _figures in page.items] == ATTENTION[3:6]
    assert (page.matching, page.pages, page.has_prev, page.has_next) == (7, 3, True, True)
    # past the end: the last page
    last = select_children(report.children, child_list_args({"page": "9"}), per_page=3)
    assert (last.page, [unit.name for unit, _f in last.items]) == (3, ATTENTION[6:])
