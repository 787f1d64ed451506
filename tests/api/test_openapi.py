"""The OpenAPI document at /api/v1/openapi.json."""

import json

from lms.reports.indicators.definitions import INDICATOR_IDS

PATHS = ("/units/{code}/indicators", "/units/{code}/missing", "/cadres/{code}/trainings")


def _resolve(document, ref):
    assert ref.startswith("#/")
    node = document
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_the_document_is_json_and_needs_no_token(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    document = json.loads(response.get_data(as_text=True))
    assert document["openapi"].startswith("3.1")
    assert document["info"]["title"] and document["info"]["version"]


def test_the_document_lists_the_three_paths_with_bearer_security(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert set(PATHS) <= set(document["paths"])
    assert document["components"]["securitySchemes"]["bearerAuth"] == {
        **document["components"]["securitySchemes"]["bearerAuth"],
        "type": "http", "scheme": "bearer"}
    assert document["security"] == [{"bearerAuth": []}]
    for path in PATHS:
        operation = document["paths"][path]["get"]
        assert {"200", "401", "404"} <= set(operation["responses"])
        # Every {placeholder} in the path is a declared path parameter.
        params = [_resolve(document, p["$ref"]) if "$ref" in p else p
                  for p in operation["parameters"]]
        assert [p["name"] for p in params if p["in"] == "path"] == ["code"]
        assert all(p["required"] for p in params if p["in"] == "path")


def test_every_reference_resolves(client):
    document = client.get("/api/v1/openapi.json").get_json()
    refs = set(_refs(document))
    assert refs
    for ref in refs:
        assert _resolve(document, ref)


def test_the_indicators_schema_names_all_five_ids(client):
    document = client.get("/api/v1/openapi.json").get_json()
    schema = document["components"]["schemas"]["Indicators"]
    assert schema["required"] == list(INDICATOR_IDS)
    missing = document["paths"]["/units/{code}/missing"]["get"]["parameters"]
    names = [_resolve(document, p["$ref"])["name"] for p in missing]
    assert names == ["code", "indicator", "year", "half", "page", "per_page", "q"]
