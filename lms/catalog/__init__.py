"""Course catalogue: courses and lessons as learners see them, their media, their files."""

from flask import Blueprint

catalog_bp = Blueprint("catalog", __name__, url_prefix="/courses")
# A SCORM package's own files, each package under its own path (lms.catalog.scorm_views).
scorm_bp = Blueprint("scorm", __name__, url_prefix="/scorm")
