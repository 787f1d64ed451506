"""JSON API v1 routes and the OpenAPI document."""

from lms.api import api_bp  # noqa: F401
