"""The three report endpoints: shape, scope, parameters, pagination, statement counts.

Tree (from tests.factories): HN > W-A (B-A1 > G-A1A, and the empty B-A2 added here), W-B (B-B1).
Worked by hand for 2024, subtree of W-A, active cadres only:
  cadre_a   (B-A1)  online association 2024-03-01                          -> trained in 2024
  cadre_ft  (B-A1)  full-time; online `it` 2023-05-02, in person `digital` 2024-09-10
                                                                            -> trained in 2024
  cadre_a2  (G-A1A) no training                                             -> missing
  gone      (B-A1)  inactive, trained in 2024                               -> not counted
annual_training 2/3 = 66.7; digital_training_full_time 1/1 = 100.0; the three degree
indicators have no cadre in their denominator, so 0/0 and percent null.
First half of 2024 (to 30 June): annual 1/3 = 33.3; digital 0/1 = 0.0 (digital came in September).
"""

from datetime import date, datetime

import pytest
from jsonschema import Draft202012Validator

from lms.extensions import db, result_cache
from lms.org.services import create_unit
from lms.reports.indicators.aggregation import INDICATORS_CACHE
from lms.reports.indicators.definitions import INDICATOR_IDS
from lms.reports.models import ClosedPeriod, ClosedUnitFigure
from tests.api.helpers import bearer, make_world
from tests.conftest import count_statements
from tests.factories import make_cadre
from tests.reports.helpers import in_person, online


@pytest.fixture
def world(app_ctx):
    world = make_world()
    org = world.org
    org.branch_a2 = create_unit("B-A2", "Chi hội Tổ dân phố 2", "branch", parent=org.ward_a)
    db.session.commit()
    world.cadre_ft = make_cadre(org.branch_a1, full_name="Phạm Thị Thu", is_full_time=True)
    world.cadre_a2 = make_cadre(org.group_a1a, full_name="Đỗ Thị Hằng", position="Tổ trưởng")
    gone = make_cadre(org.branch_a1, is_active=False)
    online(world.cadre_a, "association", d("2024-03-01"))
    online(world.cadre_ft, "it", d("2023-05-02"), hours=4, title="Tin học văn phòng")
    in_person([world.cadre_ft, gone], "digital", d("2024-09-10"), hours=3.5,
              title="Chuyển đổi số trong công tác Hội")
    online(world.cadre_b, "association", d("2024-01-15"))
    return world


def get(client, url, token):
    return client.get(url, headers=bearer(token))


def figures(numerator, denominator, percent, target):
    return {"numerator": numerator, "denominator": denominator, "percent": percent,
            "target": target}


def d(text):
    return date.fromisoformat(text)


NO_ONE = {"master_dept_leaders": figures(0, 0, None, 50),
          "master_key_cadres": figures(0, 0, None, 35),
          "university_young_chairs": figures(0, 0, None, 100)}


# ---- scope ---------------------------------------------------------------------------------

def test_the_organizer_of_ward_a_sees_her_own_ward(client, world):
    assert get(client, "/api/v1/units/W-A/indicators?year=2024", world.token).status_code == 200
    assert get(client, "/api/v1/units/G-A1A/indicators?year=2024", world.token).status_code \
        == 200
    assert get(client, "/api/v1/units/W-A/missing?indicator=annual_training&year=2024",
               world.token).status_code == 200
    assert get(client, f"/api/v1/cadres/{world.cadre_a.code}/trainings",
               world.token).status_code == 200


@pytest.mark.parametrize("url", [
    "/api/v1/units/W-B/indicators?year=2024",
    "/api/v1/units/B-B1/indicators?year=2024",
    "/api/v1/units/HN/indicators?year=2024",
    "/api/v1/units/NOPE/indicators?year=2024",
    "/api/v1/units/W-B/missing?indicator=annual_training&year=2024",
    "/api/v1/cadres/{cadre_b}/trainings",
    "/api/v1/cadres/NO-SUCH-CADRE/trainings",
])
def test_the_organizer_of_ward_a_gets_404_outside_her_ward(client, world, url):
    response = get(client, url.format(cadre_b=world.cadre_b.code), world.token)
    assert response.status_code == 404
    assert response.is_json and response.get_json() == {"error": "Not found."}


def test_an_admin_token_sees_every_unit(client, world):
    assert get(client, "/api/v1/units/W-B/indicators?year=2024",
               world.admin_token).status_code == 200
    assert get(client, f"/api/v1/cadres/{world.cadre_b.code}/trainings",
               world.admin_token).status_code == 200


# ---- indicators ----------------------------------------------------------------------------

def test_indicators_of_ward_a_worked_by_hand(client, world):
    response = get(client, "/api/v1/units/W-A/indicators?year=2024", world.token)
    body = response.get_json()
    assert body["unit"] == {"code": "W-A", "name": "Phường Hoàn Kiếm", "kind": "commune"}
    assert body["year"] == 2024 and body["half"] is False and body["closed"] is False
    assert list(body["indicators"]) == list(INDICATOR_IDS)
    assert body["indicators"] == {
        "annual_training": figures(2, 3, 66.7, 100),
        "digital_training_full_time": figures(1, 1, 100.0, 100), **NO_ONE}
    children = {child["unit"]["code"]: child for child in body["children"]}
    assert list(children) == ["B-A1", "B-A2"]
    assert children["B-A1"]["unit"] == {"code": "B-A1", "name": "Chi hội Tổ dân phố 1",
                                        "kind": "branch"}
    assert children["B-A1"]["indicators"]["annual_training"] == figures(2, 3, 66.7, 100)
    # An empty unit: every denominator 0, every percent null.
    assert all(fig["denominator"] == 0 and fig["percent"] is None
               for fig in children["B-A2"]["indicators"].values())
    assert set(children["B-A2"]["indicators"]) == set(INDICATOR_IDS)


def test_indicators_of_an_empty_unit_have_null_percents(client, world):
    body = get(client, "/api/v1/units/B-A2/indicators?year=2024", world.token).get_json()
    assert body["children"] == []
    assert {ind: fig["percent"] for ind, fig in body["indicators"].items()} == dict.fromkeys(
        INDICATOR_IDS)


def test_the_half_year_report_stops_at_30_june(client, world):
    body = get(client, "/api/v1/units/W-A/indicators?year=2024&half=1", world.token).get_json()
    assert body["half"] is True
    assert body["indicators"]["annual_training"] == figures(1, 3, 33.3, 100)
    assert body["indicators"]["digital_training_full_time"] == figures(0, 1, 0.0, 100)


def test_a_closed_period_answers_the_stored_figures(client, world):
    org = world.org
    stored = {"annual_training": figures(9, 10, 90.0, 100)}
    closed = ClosedPeriod(unit_id=org.ward_a.id, year=2024, half=0,
                          closed_at=datetime(2025, 1, 5), closed_by_id=world.organizer.id)
    db.session.add(closed)
    db.session.flush()
    for unit, parent_id in ((org.ward_a, None), (org.branch_a1, org.ward_a.id)):
        db.session.add(ClosedUnitFigure(
            closed_period_id=closed.id, unit_id=unit.id, parent_id=parent_id, is_listed=True,
            position=0, code=unit.code, name=unit.name, kind=unit.kind, indicators=stored))
    db.session.commit()
    body = get(client, "/api/v1/units/W-A/indicators?year=2024", world.token).get_json()
    assert body["closed"] is True
    assert body["indicators"]["annual_training"] == figures(9, 10, 90.0, 100)
    assert [child["unit"]["code"] for child in body["children"]] == ["B-A1"]
    assert get(client, "/api/v1/units/W-A/indicators?year=2023",
               world.token).get_json()["closed"] is False


@pytest.mark.parametrize("query", ["", "?year=", "?year=abc", "?year=1800", "?year=2024&half=2"])
def test_a_missing_or_invalid_year_answers_400(client, world, query):
    response = get(client, f"/api/v1/units/W-A/indicators{query}", world.token)
    assert response.status_code == 400
    assert "year" in response.get_json()["error"] or "half" in response.get_json()["error"]


def test_the_statements_of_an_indicators_request_do_not_grow_with_the_tree(client, world):
    url = "/api/v1/units/W-A/indicators?year=2024"
    get(client, url, world.token)  # the first call also records last_used_at
    # Computed afresh, not read from the cache the first call filled.
    result_cache.bump(INDICATORS_CACHE)
    with count_statements() as small:
        assert get(client, url, world.token).status_code == 200
    for n in range(6):
        branch = create_unit(f"B-X{n}", f"Chi hội mới {n}", "branch", parent=world.org.ward_a)
        db.session.commit()
        for _ in range(3):
            online(make_cadre(branch), "it", d("2024-04-04"))
    with count_statements() as large:
        body = get(client, url, world.token).get_json()
    assert len(body["children"]) == 8
    assert len(large) == len(small)


# ---- who is missing ------------------------------------------------------------------------

def test_the_missing_list_names_the_untrained_cadre(client, world):
    body = get(client, "/api/v1/units/W-A/missing?indicator=annual_training&year=2024",
               world.token).get_json()
    assert body["unit"]["code"] == "W-A" and body["indicator"] == "annual_training"
    assert body["year"] == 2024
    assert (body["page"], body["per_page"], body["total"], body["pages"]) == (1, 50, 1, 1)
    item = body["items"][0]
    assert item == {"code": world.cadre_a2.code, "full_name": "Đỗ Thị Hằng",
                    "unit": {"code": "G-A1A", "name": "Tổ phụ nữ số 1"},
                    "position": "Tổ trưởng", "lacks": "no_training",
                    "lacks_label": item["lacks_label"]}
    assert isinstance(item["lacks_label"], str) and item["lacks_label"]


def test_the_missing_list_is_paginated_and_searchable(client, world):
    for n in range(6):
        make_cadre(world.org.branch_a2, full_name=f"Vũ Thị Nga {n}")
    url = "/api/v1/units/W-A/missing?indicator=annual_training&year=2024&per_page=4"
    first = get(client, url, world.token).get_json()
    assert (first["total"], first["pages"], first["per_page"]) == (7, 2, 4)
    assert len(first["items"]) == 4
    second = get(client, url + "&page=2", world.token).get_json()
    assert second["page"] == 2 and len(second["items"]) == 3
    codes = {item["code"] for item in first["items"] + second["items"]}
    assert len(codes) == 7 and world.cadre_a2.code in codes
    beyond = get(client, url + "&page=3", world.token).get_json()
    assert beyond["items"] == [] and beyond["total"] == 7
    # Accents and case are ignored.
    found = get(client, url + "&q=vu thi nga 3", world.token).get_json()
    assert [item["full_name"] for item in found["items"]] == ["Vũ Thị Nga 3"]


def test_the_missing_page_runs_the_same_statements_for_any_page_size(client, world):
    url = "/api/v1/units/W-A/missing?indicator=annual_training&year=2024"
    get(client, url, world.token)
    with count_statements() as small:
        get(client, url, world.token)
    for n in range(12):
        make_cadre(world.org.branch_a2, full_name=f"Vũ Thị Nga {n}")
    with count_statements() as large:
        body = get(client, url, world.token).get_json()
    assert len(body["items"]) == 13
    assert len(large) == len(small)


def test_the_digital_missing_list_says_what_is_lacking(client, world):
    make_cadre(world.org.branch_a2, is_full_time=True, full_name="Ngô Thị Bình")
    body = get(client, "/api/v1/units/W-A/missing?indicator=digital_training_full_time"
                       "&year=2024&half=1", world.token).get_json()
    assert {item["full_name"]: item["lacks"] for item in body["items"]} == {
        "Ngô Thị Bình": "no_it_no_digital", "Phạm Thị Thu": "no_digital"}


@pytest.mark.parametrize("query", [
    "indicator=nope&year=2024", "year=2024", "indicator=annual_training",
    "indicator=annual_training&year=2024&page=0", "indicator=annual_training&year=2024&page=x",
    "indicator=annual_training&year=2024&per_page=201",
])
def test_bad_missing_parameters_answer_400(client, world, query):
    response = get(client, f"/api/v1/units/W-A/missing?{query}", world.token)
    assert response.status_code == 400 and response.get_json()["error"]


def test_per_page_may_reach_200(client, world):
    body = get(client, "/api/v1/units/W-A/missing?indicator=annual_training&year=2024"
                       "&per_page=200", world.token).get_json()
    assert body["per_page"] == 200


# ---- trainings -----------------------------------------------------------------------------

def test_a_cadre_s_trainings_online_and_in_person_newest_first(client, world):
    body = get(client, f"/api/v1/cadres/{world.cadre_ft.code}/trainings",
               world.token).get_json()
    assert body["cadre"] == {"code": world.cadre_ft.code, "full_name": "Phạm Thị Thu",
                             "unit": {"code": "B-A1", "name": "Chi hội Tổ dân phố 1",
                                      "kind": "branch"}}
    assert body["trainings"] == [
        {"kind": "in_person", "title": "Chuyển đổi số trong công tác Hội", "track": "digital",
         "hours": 3.5, "date": "2024-09-10"},
        {"kind": "online", "title": "Tin học văn phòng", "track": "it", "hours": 4.0,
         "date": "2023-05-02"},
    ]


def test_a_cadre_without_training_has_an_empty_list(client, world):
    body = get(client, f"/api/v1/cadres/{world.cadre_a2.code}/trainings",
               world.token).get_json()
    assert body["trainings"] == []


def _response_schema(document, path, status):
    """The JSON Schema the document promises for `path`'s answer with `status`."""
    response = document["paths"][path]["get"]["responses"][str(status)]
    if "$ref" in response:
        response = document["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    # The schemas refer to "#/components/...": validate against a root that holds them.
    return {**response["content"]["application/json"]["schema"],
            "components": document["components"]}


@pytest.mark.parametrize("path, url, status, with_token", [
    ("/units/{code}/indicators", "/units/W-A/indicators?year=2024", 200, True),
    ("/units/{code}/indicators", "/units/W-A/indicators?year=2024&half=1", 200, True),
    ("/units/{code}/missing", "/units/W-A/missing?indicator=annual_training&year=2024", 200,
     True),
    ("/cadres/{code}/trainings", "/cadres/{cadre_ft}/trainings", 200, True),
    ("/units/{code}/indicators", "/units/W-A/indicators?year=abc", 400, True),
    ("/units/{code}/missing", "/units/W-B/missing?indicator=annual_training", 404, True),
    ("/cadres/{code}/trainings", "/cadres/{cadre_ft}/trainings", 401, False),
])
def test_real_answers_match_the_openapi_document(client, world, path, url, status,
                                                 with_token):
    document = client.get("/api/v1/openapi.json").get_json()
    headers = bearer(world.token) if with_token else {}
    response = client.get("/api/v1" + url.format(cadre_ft=world.cadre_ft.code),
                          headers=headers)
    assert response.status_code == status
    schema = _response_schema(document, path, status)
    Draft202012Validator.check_schema(schema)
    errors = [error.message for error in
              Draft202012Validator(schema).iter_errors(response.get_json())]
    assert errors == []
