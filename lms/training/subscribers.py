"""Training's reactions to other domains' signals (a course completion may complete a yearly
programme, whose certificate is then issued)."""

from lms.learning.signals import course_completed
from lms.training.programmes.services import award_certificates_for


def _award_programme_certificates(sender=None, completion=None, **_extra):
    """Issue the certificates of the programmes of the completion's year that it completes,
    in the completion's transaction: rolled back with it."""
    award_certificates_for([completion.cadre_id], completion.completed_on.year)


def connect_training_subscribers():
    """Connect the receivers; calling it again, as every create_app() does, adds nothing."""
    course_completed.connect(_award_programme_certificates, weak=False)
