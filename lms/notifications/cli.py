"""Command-line tasks for notifications: one run of reminders and delivery (for cron)."""

import click
from flask.cli import AppGroup

from lms.core.clock import utcnow
from lms.extensions import db
from lms.notifications.services import deliver_pending, queue_due_reminders

notifications_cli = AppGroup("notifications", help="Learners' notifications.")


@notifications_cli.command("send")
def send_command():
    """Write the reminders due now, then deliver every pending notification."""
    now = utcnow()
    written = queue_due_reminders(now)
    # Written reminders are kept even if a channel then fails: commit them first.
    db.session.commit()
    counts = deliver_pending(now)
    db.session.commit()
    click.echo(f"reminders={written} sent={counts['sent']} failed={counts['failed']} "
               f"retry={counts['pending']}")


COMMANDS = (notifications_cli,)
