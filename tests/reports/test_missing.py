"""Who is missing: the list per indicator for a unit's subtree, its search and pages, and
the scope of every report page an organizer opens.

Tree (tests.factories.make_org): HN > W-A (B-A1 > G-A1A), W-B (B-B1). Year 2024.
  a_both   W-A    full-time, IT + digital in 2024          -> meets both
  a_it     B-A1   full-time, IT only (2024)                -> digital: no_digital
  a_dig    G-A1A  full-time, digital only (in person 2024) -> digital: no_it
  a_none   W-A    full-time, no training                   -> digital: no_it_no_digital
  a_part   W-A    not full-time, no training               -> not in the digital list
  a_gone   W-A    inactive, full-time, no training         -> in no list
  b_none   W-B    full-time, no training                   -> only in the city's lists
Annual training 2024 in W-A: a_both, a_it, a_dig trained -> missing a_none, a_part.
"""

import re

import pytest

from lms.extensions import db
from lms.reports.indicators.definitions import Period
from lms.reports.indicators.missing import missing_cadres_query
from tests.conftest import count_statements, login
from tests.factories import make_cadre, make_user
from tests.reports.helpers import d, in_person, online


@pytest.fixture
def people(org):
    full = {"is_full_time": True}
    cadres = {
        "a_both": make_cadre(org.ward_a, **full),
        "a_it": make_cadre(org.branch_a1, position="Chi hội trưởng", **full),
        "a_dig": make_cadre(org.group_a1a, **full),
        "a_none": make_cadre(org.ward_a, full_name="Trần Thị Ánh", phone="0912000001", **full),
        "a_part": make_cadre(org.ward_a, full_name="Lê Văn Đào"),
        "a_gone": make_cadre(org.ward_a, is_active=False, **full),
        "b_none": make_cadre(org.ward_b, **full),
    }
    online(cadres["a_both"], "it", d("2024-02-01"))
    online(cadres["a_both"], "digital", d("2024-03-01"))
    online(cadres["a_it"], "it", d("2024-05-01"))
    in_person([cadres["a_dig"]], "digital", d("2024-06-01"), hours=4)
    return cadres


@pytest.fixture
def organizer_a(client, org):
    make_user("org_a", "organizer", unit=org.ward_a)
    login(client, "org_a")
    return org


def listed(html):
    """{cadre code: reason code} of the rows on a missing-list page."""
    return dict(re.findall(r'<tr data-cadre="([^"]+)">.*?data-reason="([^"]+)"', html, re.S))


def url(unit, indicator, **args):
    query = "&".join(f"{k}={v}" for k, v in {"year": 2024, **args}.items())
    return f"/reports/units/{unit.id}/missing/{indicator}?{query}"


def test_digital_list_says_what_each_cadre_lacks(client, organizer_a, people):
    html = client.get(url(organizer_a.ward_a, "digital_training_full_time")).get_data(
        as_text=True)
    assert listed(html) == {people["a_it"].code: "no_digital",
                            people["a_dig"].code: "no_it",
                            people["a_none"].code: "no_it_no_digital"}
    assert "Chi hội trưởng" in html and organizer_a.group_a1a.name in html
    assert 'href="tel:0912000001"' in html


def test_annual_list_and_the_query_agree(client, organizer_a, people):
    html = client.get(url(organizer_a.ward_a, "annual_training")).get_data(as_text=True)
    assert listed(html) == {people["a_none"].code: "no_training",
                            people["a_part"].code: "no_training"}
    rows = db.session.execute(missing_cadres_query(organizer_a.ward_a.id, "annual_training",
                                                   Period(2024))).all()
    assert {cadre.code for cadre, _unit, _reason in rows} == set(listed(html))


def test_a_narrower_unit_and_another_year(client, organizer_a, people):
    html = client.get(url(organizer_a.branch_a1, "digital_training_full_time")).get_data(
        as_text=True)
    assert listed(html) == {people["a_it"].code: "no_digital", people["a_dig"].code: "no_it"}
    # 2025: nobody trained that year, so every active cadre of W-A is missing
    html = client.get(url(organizer_a.ward_a, "annual_training", year=2025)).get_data(
        as_text=True)
    assert set(listed(html)) == {people[k].code for k in
                                 ("a_both", "a_it", "a_dig", "a_none", "a_part")}


def test_the_page_links_to_assigning_a_course_with_a_hint(client, organizer_a, people):
    html = client.get(url(organizer_a.ward_a, "digital_training_full_time")).get_data(
        as_text=True)
    assert "/assignments/new?unit_code=W-A" in html
    assert "W-A" in html.split('class="card follow-up')[1]
    assert f'/reports/units/{organizer_a.ward_a.id}/missing/digital_training_full_time.xlsx' \
        in html


def test_diacritic_insensitive_search(client, organizer_a, people):
    for term in ("anh", "Ánh", "TRAN THI", "trần"):
        html = client.get(url(organizer_a.ward_a, "annual_training", q=term)).get_data(
            as_text=True)
        assert set(listed(html)) == {people["a_none"].code}, term
    html = client.get(url(organizer_a.ward_a, "annual_training", q="dao")).get_data(
        as_text=True)
    assert set(listed(html)) == {people["a_part"].code}
    html = client.get(url(organizer_a.ward_a, "annual_training", q="khong-ai")).get_data(
        as_text=True)
    assert listed(html) == {}


def test_pages_of_fifty(client, organizer_a):
    codes = {make_cadre(organizer_a.branch_a1).code for _ in range(60)}
    first = client.get(url(organizer_a.ward_a, "annual_training")).get_data(as_text=True)
    second = client.get(url(organizer_a.ward_a, "annual_training", page=2)).get_data(
        as_text=True)
    assert len(listed(first)) == 50 and len(listed(second)) == 10
    assert set(listed(first)) | set(listed(second)) == codes
    assert "page=2" in first and ">60<" not in first
    assert "60" in re.search(r'class="muted missing-total">([^<]*)<', first).group(1)
    # past the last page: the last page, not an error
    assert len(listed(client.get(url(organizer_a.ward_a, "annual_training", page=9))
                      .get_data(as_text=True))) == 10


def test_half_year_period(client, organizer_a, people):
    # January–June 2024: a_it's IT course (05-01) and a_dig's workshop (06-01) count.
    html = client.get(url(organizer_a.ward_a, "annual_training", half=1)).get_data(
        as_text=True)
    assert set(listed(html)) == {people["a_none"].code, people["a_part"].code}


def test_unknown_indicator_and_bad_year(client, organizer_a):
    assert client.get(f"/reports/units/{organizer_a.ward_a.id}/missing/membership").status_code \
        == 404
    assert client.get(url(organizer_a.ward_a, "annual_training", year="abc")).status_code == 400


@pytest.mark.parametrize("path", [
    "/reports/units/{b}/missing/annual_training",
    "/reports/units/{b}/missing/annual_training.xlsx",
    "/reports/units/{b}/missing/digital_training_full_time.csv",
    "/reports/units/{b}/indicators.xlsx",
    "/reports/units/{b}/indicators.csv",
    "/reports/units/{b}/completion",
    "/reports/units/{city}/completion",
    "/reports/units/{b1}/missing/annual_training",
    "/reports/units/99999/missing/annual_training",
])
def test_a_sibling_wards_reports_answer_404(client, organizer_a, path):
    org = organizer_a
    assert client.get(path.format(b=org.ward_b.id, b1=org.branch_b1.id, city=org.city.id)) \
        .status_code == 404


def test_learners_and_trainers_may_not_open_missing_lists(client, org):
    make_user("trainer", "trainer")
    login(client, "trainer")
    assert client.get(url(org.ward_a, "annual_training")).status_code == 403


def test_admin_sees_the_whole_city(client, org, people):
    make_user("admin", "admin")
    login(client, "admin")
    html = client.get(url(org.city, "digital_training_full_time")).get_data(as_text=True)
    assert set(listed(html)) == {people[k].code for k in ("a_it", "a_dig", "a_none", "b_none")}


def test_statements_do_not_grow_with_the_list(client, organizer_a, people):
    page_url = url(organizer_a.ward_a, "annual_training")
    client.get(page_url)
    with count_statements() as few:
        client.get(page_url)
    for _ in range(30):
        make_cadre(organizer_a.group_a1a)
    make_cadre(organizer_a.branch_a1)
    with count_statements() as many:
        html = client.get(page_url).get_data(as_text=True)
    assert len(listed(html)) == 33
    assert len(many) == len(few)
    # Each unit with its ward, from the one statement that reads the page's paths.
    assert html.count("Tổ phụ nữ số 1 · Chi hội Tổ dân phố 1 · Phường Hoàn Kiếm") == 30
    assert html.count(">Chi hội Tổ dân phố 1 · Phường Hoàn Kiếm<") == 1
