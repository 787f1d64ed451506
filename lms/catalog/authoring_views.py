"""Trainers' pages: write and publish courses in the browser."""

from lms.catalog import authoring_bp  # noqa: F401
