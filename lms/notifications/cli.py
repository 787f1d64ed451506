"""Command-line tasks for notifications: one run of reminders, digests and delivery (for
cron)."""

import click
from flask.cli import AppGroup

from lms.core.clock import utcnow
from lms.extensions import db
from lms.notifications.services import (
    deliver_pending,
    queue_digests,
    queue_due_reminders,
    queue_programme_reminders,
    queue_session_reminders,
)

notifications_cli = AppGroup("notifications", help="Learners' notifications.")


@notifications_cli.command("send")
def send_command():
    """Write the reminders (courses and programmes), session notices and digests due now,
    then deliver every pending notification."""
    now = utcnow()
    written = queue_due_reminders(now)
    programmes = queue_programme_reminders(now)
    sessions = queue_session_reminders(now)
    digests = queue_digests(now)
    # Written reminders are kept even if a channel then fails: commit them first.
    db.session.commit()
    counts = deliver_pending(now)
    db.session.commit()
    click.echo(f"reminders={written} programmes={programmes} sessions={sessions} "
               f"digests={digests} sent={counts['sent']} failed={counts['failed']} "
               f"retry={counts['pending']}")


COMMANDS = (notifications_cli,)
