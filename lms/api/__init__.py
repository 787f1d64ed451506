"""JSON API v1 for reports, with bearer tokens."""

from flask import Blueprint

api_bp = Blueprint("api", __name__, url_prefix="/api/v1")
