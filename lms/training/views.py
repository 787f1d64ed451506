"""Organizers' pages for in-person training sessions and attendance."""

from lms.training import training_bp  # noqa: F401
