"""Organizer pages: the unit tree, cadres."""

from lms.org import bp  # noqa: F401
