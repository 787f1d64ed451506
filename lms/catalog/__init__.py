"""Course catalogue: courses, lessons, their files, and trainers' authoring."""

from flask import Blueprint

catalog_bp = Blueprint("catalog", __name__, url_prefix="/courses")
authoring_bp = Blueprint("authoring", __name__, url_prefix="/author")
