"""Background jobs: what was queued, by whom, how far it got; the admin's queue page and the
page where whoever asked for a job follows it and downloads its file."""

from flask import Blueprint

# The queue page lives under /admin/jobs, the requester's pages under /jobs.
jobs_bp = Blueprint("jobs", __name__)
