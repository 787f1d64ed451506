"""Learners' pages: enrolling, reading lessons, progress; organizers' assignments."""

from lms.learning import learning_bp  # noqa: F401
