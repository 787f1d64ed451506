"""JSON API v1 routes and the OpenAPI document.

A token sees exactly what its account sees: organizers their unit's subtree, admins every
unit. Objects outside the scope answer 404, as on the HTML pages, so their existence is not
revealed. Every error is a JSON object {"error": "..."}.
"""

from functools import wraps

from flask import jsonify, request
from werkzeug.exceptions import NotFound

from lms.api import api_bp
from lms.api.auth import current_api_user, token_required
from lms.api.openapi import DEFAULT_PER_PAGE, MAX_PER_PAGE, openapi_document
from lms.api.queries import get_cadre_by_code, get_cadre_trainings, get_missing_page
from lms.core.years import MAX_YEAR, MIN_YEAR
from lms.org.scope import is_unit_in_scope, scope_root_id, unit_by_code_in_scope
from lms.reports.indicators.definitions import (
    INDICATOR_IDS,
    MISSING_REASON_LABELS,
    Period,
    figures_to_dict,
)
from lms.reports.indicators.unit_report import get_unit_report

API_ROLES = ("organizer", "admin")


class ParameterError(Exception):
    """A malformed query parameter; the message goes back to the client."""


def _error(status, message):
    response = jsonify(error=message)
    response.status_code = status
    return response


@api_bp.errorhandler(ParameterError)
def _bad_request(error):
    return _error(400, str(error))


def _http_error(error):
    # No rollback needed on a 500: this answer reads nothing, and the request's session is
    # removed (rolled back) when its app context ends.
    messages = {403: "This account may not use the API.", 404: "Not found."}
    return _error(error.code, messages.get(error.code, error.name))


# abort() in shared helpers (scope checks) must answer JSON here, not the HTML error page.
# Registered per status code: Flask prefers the app's handler for a code over a blueprint's
# handler for the HTTPException class.
for _code in (400, 403, 404, 405, 500):
    api_bp.register_error_handler(_code, _http_error)


def api_roles_required(view):
    """Only organizers and admins may read reports through the API; others get 403."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        user = current_api_user()
        if not any(user.has_role(role) for role in API_ROLES):
            return _error(403, "This account may not use the API.")
        return view(*args, **kwargs)

    return wrapped


def _int_arg(name, default=None, low=None, high=None):
    raw = request.args.get(name, "").strip()
    if not raw:
        if default is None:
            raise ParameterError(f"The parameter '{name}' is required.")
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ParameterError(f"The parameter '{name}' must be an integer.") from None
    if (low is not None and value < low) or (high is not None and value > high):
        raise ParameterError(f"The parameter '{name}' must be between {low} and {high}.")
    return value


def _period_arg():
    year = _int_arg("year", low=MIN_YEAR, high=MAX_YEAR)
    half = request.args.get("half", "0").strip().lower()
    if half not in ("0", "1", "false", "true", ""):
        raise ParameterError("The parameter 'half' must be 0 or 1.")
    return Period(year, half in ("1", "true"))


def _unit_in_scope(code):
    """The unit with this code inside the token user's scope, or 404."""
    unit = unit_by_code_in_scope(current_api_user(), code)
    if unit is None:
        raise NotFound()
    return unit


def _unit_json(unit):
    # getattr: a child of a closed report may since have been deleted, and then only its
    # stored fields stand in for it.
    return {"code": getattr(unit, "code", None), "name": getattr(unit, "name", None),
            "kind": getattr(unit, "kind", None)}


@api_bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())


@api_bp.get("/units/<code>/indicators")
@token_required
@api_roles_required
def unit_indicators(code):
    unit = _unit_in_scope(code)
    period = _period_arg()
    report = get_unit_report(unit.id, period)
    return jsonify({
        "unit": _unit_json(unit), "year": period.year, "half": period.half,
        "closed": report.closed is not None,
        "indicators": figures_to_dict(report.figures),
        "children": [{"unit": _unit_json(child), "indicators": figures_to_dict(figures)}
                     for child, figures in report.children],
    })


@api_bp.get("/units/<code>/missing")
@token_required
@api_roles_required
def unit_missing(code):
    unit = _unit_in_scope(code)
    indicator = request.args.get("indicator", "").strip()
    if indicator not in INDICATOR_IDS:
        raise ParameterError("The parameter 'indicator' must be one of: "
                         + ", ".join(INDICATOR_IDS) + ".")
    period = _period_arg()
    page = _int_arg("page", default=1, low=1, high=1_000_000)
    per_page = _int_arg("per_page", default=DEFAULT_PER_PAGE, low=1, high=MAX_PER_PAGE)
    search = request.args.get("q", "")[:100]
    rows = get_missing_page(unit.id, indicator, period, search, page, per_page)
    return jsonify({
        "unit": _unit_json(unit), "indicator": indicator, "year": period.year,
        "half": period.half, "page": rows.page, "per_page": rows.per_page,
        "total": rows.total, "pages": rows.pages,
        "items": [{"code": cadre.code, "full_name": cadre.full_name,
                   "unit": {"code": unit_code, "name": unit_name},
                   "position": cadre.position, "lacks": reason,
                   "lacks_label": str(MISSING_REASON_LABELS.get(reason, reason))}
                  for cadre, unit_name, reason, unit_code in rows.items],
    })


@api_bp.get("/cadres/<code>/trainings")
@token_required
@api_roles_required
def cadre_trainings(code):
    cadre = get_cadre_by_code(code)
    if cadre is None or not is_unit_in_scope(scope_root_id(current_api_user()), cadre.unit_id):
        raise NotFound()
    return jsonify({
        "cadre": {"code": cadre.code, "full_name": cadre.full_name,
                  "unit": _unit_json(cadre.unit)},
        "trainings": [{"kind": row.kind, "title": row.title, "track": row.track,
                       "hours": float(row.hours), "date": row.done_on.isoformat()}
                      for row in get_cadre_trainings(cadre.id)],
    })

