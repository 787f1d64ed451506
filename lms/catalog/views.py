"""Catalogue pages: the course list and a course's page."""

from lms.catalog import catalog_bp  # noqa: F401
