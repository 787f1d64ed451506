"""Why a job could not be queued or queued again."""

from flask_babel import lazy_gettext as _l

from lms.core.errors import DomainError


class JobError(DomainError):
    """A refused action on a job."""


class JobNotQueued(JobError):
    def __init__(self):
        super().__init__(_l("The job could not be queued: the queue is unreachable. Nothing was "
                            "lost; try again in a few minutes."))


class JobNotRetryable(JobError):
    def __init__(self):
        super().__init__(_l("Only a failed job can be run again."))
