"""Learning's reactions to other domains' signals (auto-enrollment on cadre changes, the
course completed when its quiz is passed)."""

from lms.extensions import db
from lms.learning.services import record_quiz_passed, sync_assignments
from lms.org.signals import cadres_changed
from lms.quizzes.signals import quiz_passed


def _enroll_changed_cadres(sender=None, unit_id=None, **_extra):
    """Run the assignments over the subtree whose cadres changed, in the sender's transaction."""
    sync_assignments(unit_id=unit_id)


def _record_quiz_passed(sender=None, cadre=None, course=None, at=None, cycle=None, **_extra):
    """Note the pass in the attempt's cycle; with every lesson done, the course completes.
    Flushed only: the quiz view that graded the attempt commits it with the attempt, or
    rolls both back."""
    record_quiz_passed(cadre, course, at=at, cycle=cycle)
    db.session.flush()


def connect_learning_subscribers():
    """Connect the receivers; calling it again, as every create_app() does, adds nothing."""
    # Strong references to module-level functions: connecting them again is a no-op.
    cadres_changed.connect(_enroll_changed_cadres, weak=False)
    quiz_passed.connect(_record_quiz_passed, weak=False)
