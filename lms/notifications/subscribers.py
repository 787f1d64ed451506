"""Notifications' reactions to other domains' signals (a course assigned to learners, a
course completed)."""

from lms.core.clock import utcnow
from lms.learning.signals import course_completed, courses_assigned
from lms.notifications.services import notify_assigned, notify_completed


def _notify_assigned(sender=None, assignment_id=None, unit_id=None, **_extra):
    """Write the notices in the assignment's transaction: rolled back with it."""
    notify_assigned(utcnow(), assignment_id=assignment_id, unit_id=unit_id)


def _notify_completed(sender=None, completion=None, certificate=None, **_extra):
    """Write the notice in the completion's transaction: rolled back with it."""
    notify_completed(completion, certificate, utcnow())


def connect_notification_subscribers():
    """Connect the receivers; calling it again, as every create_app() does, adds nothing."""
    courses_assigned.connect(_notify_assigned, weak=False)
    course_completed.connect(_notify_completed, weak=False)
