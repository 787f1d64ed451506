"""Certificates: download, public verification, a unit's certificates as a ZIP."""

from lms.learning import certificates_bp  # noqa: F401
