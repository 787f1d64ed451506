"""Background jobs: what was queued, by whom, how far it got; the admin's queue page."""

from flask import Blueprint

jobs_bp = Blueprint("jobs", __name__, url_prefix="/admin/jobs")
