"""Learning's reactions to other domains' signals (auto-enrollment on cadre changes)."""

from lms.learning.services import sync_assignments
from lms.org.signals import cadres_changed


def _enroll_changed_cadres(sender=None, unit_id=None, **_extra):
    """Run the assignments over the subtree whose cadres changed, in the sender's transaction."""
    sync_assignments(unit_id=unit_id)


def connect_learning_subscribers():
    """Connect the receivers; calling it again, as every create_app() does, adds nothing."""
    # A strong reference to a module-level function: connecting it again is a no-op.
    cadres_changed.connect(_enroll_changed_cadres, weak=False)
