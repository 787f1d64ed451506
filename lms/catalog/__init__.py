"""Course catalogue: courses and lessons as learners see them, their media, their files."""

from flask import Blueprint

catalog_bp = Blueprint("catalog", __name__, url_prefix="/courses")
