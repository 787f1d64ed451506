"""The OpenAPI 3.1 description of API v1, served at /api/v1/openapi.json.

Built from the same constants the views use (indicator ids, missing reasons, page limits), so
the document cannot drift from them.
"""

from lms.catalog.course_files.format import TRACKS
from lms.core.years import MAX_YEAR, MIN_YEAR
from lms.org.models import UNIT_KINDS
from lms.reports.indicators.definitions import INDICATOR_IDS, MISSING_REASON_LABELS

API_VERSION = "1.0.0"
DEFAULT_PER_PAGE, MAX_PER_PAGE = 50, 200


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(properties, required=None):
    return {"type": "object", "properties": properties,
            "required": list(required if required is not None else properties),
            "additionalProperties": False}


def _error_response(description):
    return {"description": description,
            "content": {"application/json": {"schema": _ref("Error")}}}


def _json_response(description, schema_name):
    return {"description": description,
            "content": {"application/json": {"schema": _ref(schema_name)}}}


def _parameters():
    return {
        "UnitCode": {"name": "code", "in": "path", "required": True,
                     "description": "The unit's code, e.g. `W-A`.", "schema": {"type": "string"}},
        "CadreCode": {"name": "code", "in": "path", "required": True,
                      "description": "The cadre's code.", "schema": {"type": "string"}},
        "Year": {"name": "year", "in": "query", "required": True,
                 "description": "The report year (calendar year).",
                 "schema": {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}},
        "Half": {"name": "half", "in": "query", "required": False,
                 "description": "1 for the half-year report (1 January to 30 June).",
                 "schema": {"type": "integer", "enum": [0, 1], "default": 0}},
        "Indicator": {"name": "indicator", "in": "query", "required": True,
                      "schema": {"type": "string", "enum": list(INDICATOR_IDS)}},
        "Page": {"name": "page", "in": "query", "required": False,
                 "schema": {"type": "integer", "minimum": 1, "default": 1}},
        "PerPage": {"name": "per_page", "in": "query", "required": False,
                    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                               "default": DEFAULT_PER_PAGE}},
        "Search": {"name": "q", "in": "query", "required": False,
                   "description": "Part of the name (accents and case ignored) or the exact "
                                  "cadre code.",
                   "schema": {"type": "string", "maxLength": 100}},
    }


def _schemas():
    figure = _obj({
        "numerator": {"type": "integer", "minimum": 0},
        "denominator": {"type": "integer", "minimum": 0,
                        "description": "Active cadres in the subtree the indicator applies to."},
        "percent": {"type": ["number", "null"],
                    "description": "100 × numerator / denominator, one decimal; null when the "
                                   "denominator is 0."},
        "target": {"type": "number", "description": "The plan's target, in percent."},
    })
    return {
        "Error": _obj({"error": {"type": "string"}}),
        "Unit": _obj({"code": {"type": "string"}, "name": {"type": "string"},
                      "kind": {"type": "string", "enum": list(UNIT_KINDS)}}),
        "UnitRef": _obj({"code": {"type": "string"}, "name": {"type": "string"}}),
        "Figure": figure,
        "Indicators": _obj({ind: _ref("Figure") for ind in INDICATOR_IDS}),
        "IndicatorReport": _obj({
            "unit": _ref("Unit"),
            "year": {"type": "integer"},
            "half": {"type": "boolean"},
            "closed": {"type": "boolean",
                       "description": "True when the period is closed: the figures are the "
                                      "ones stored at closing."},
            "indicators": _ref("Indicators"),
            "children": {"type": "array", "items": _obj({
                "unit": _ref("Unit"), "indicators": _ref("Indicators")})},
        }),
        "MissingCadre": _obj({
            "code": {"type": "string"},
            "full_name": {"type": "string"},
            "unit": _ref("UnitRef"),
            "position": {"type": ["string", "null"]},
            "lacks": {"type": "string", "enum": list(MISSING_REASON_LABELS)},
            "lacks_label": {"type": "string", "description": "`lacks` in the user's language."},
        }),
        "MissingPage": _obj({
            "unit": _ref("Unit"),
            "indicator": {"type": "string", "enum": list(INDICATOR_IDS)},
            "year": {"type": "integer"},
            "half": {"type": "boolean"},
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "total": {"type": "integer", "minimum": 0},
            "pages": {"type": "integer", "minimum": 0},
            "items": {"type": "array", "items": _ref("MissingCadre")},
        }),
        "Training": _obj({
            "kind": {"type": "string", "enum": ["online", "in_person"]},
            "title": {"type": "string"},
            "track": {"type": "string", "enum": list(TRACKS)},
            "hours": {"type": "number"},
            "date": {"type": "string", "format": "date"},
        }),
        "CadreTrainings": _obj({
            "cadre": _obj({"code": {"type": "string"}, "full_name": {"type": "string"},
                           "unit": _ref("Unit")}),
            "trainings": {"type": "array", "items": _ref("Training"),
                          "description": "Newest first."},
        }),
    }


def _responses():
    return {
        "BadRequest": _error_response("A parameter is missing or malformed."),
        "Unauthorized": {
            **_error_response("No bearer token, or a wrong or revoked one."),
            "headers": {"WWW-Authenticate": {"schema": {"type": "string"}}},
        },
        "Forbidden": _error_response("The token's account is neither organizer nor admin."),
        "NotFound": _error_response("No such object inside the token's scope."),
    }


def _errors(*names):
    codes = {"BadRequest": "400", "Unauthorized": "401", "Forbidden": "403", "NotFound": "404"}
    return {codes[name]: {"$ref": f"#/components/responses/{name}"} for name in names}


def _param(name):
    return {"$ref": f"#/components/parameters/{name}"}


def _paths():
    return {
        "/units/{code}/indicators": {"get": {
            "operationId": "getUnitIndicators",
            "summary": "The five indicators of a unit's subtree and of each child unit",
            "parameters": [_param("UnitCode"), _param("Year"), _param("Half")],
            "responses": {"200": _json_response("The unit's report.", "IndicatorReport"),
                          **_errors("BadRequest", "Unauthorized", "Forbidden", "NotFound")},
        }},
        "/units/{code}/missing": {"get": {
            "operationId": "getMissingCadres",
            "summary": "The cadres of a unit's subtree who do not meet an indicator",
            "parameters": [_param("UnitCode"), _param("Indicator"), _param("Year"),
                           _param("Half"), _param("Page"), _param("PerPage"), _param("Search")],
            "responses": {"200": _json_response("One page of missing cadres.", "MissingPage"),
                          **_errors("BadRequest", "Unauthorized", "Forbidden", "NotFound")},
        }},
        "/cadres/{code}/trainings": {"get": {
            "operationId": "getCadreTrainings",
            "summary": "A cadre's completed trainings, online and in person",
            "parameters": [_param("CadreCode")],
            "responses": {"200": _json_response("The cadre's trainings.", "CadreTrainings"),
                          **_errors("Unauthorized", "Forbidden", "NotFound")},
        }},
    }


def openapi_document(server_url="/api/v1"):
    """The OpenAPI 3.1 document as a dict."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Hanoi Women's Union cadre training: reports API",
            "version": API_VERSION,
            "description": "The plan 39/KH-BCH training indicators, the cadres who are missing "
                           "them, and cadres' trainings. A token sees exactly what its account "
                           "sees: an organizer her unit's subtree, an admin every unit.",
        },
        "servers": [{"url": server_url}],
        "security": [{"bearerAuth": []}],
        "paths": _paths(),
        "components": {
            "securitySchemes": {"bearerAuth": {
                "type": "http", "scheme": "bearer",
                "description": "An organizer or admin makes a token on the API tokens page, "
                               "or `flask --app lms create-token USERNAME`."}},
            "parameters": _parameters(),
            "schemas": _schemas(),
            "responses": _responses(),
        },
    }
