"""A real SMTP server on a free local port that keeps the messages it receives."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from lms.extensions import db
from lms.notifications.services import deliver_pending


class _Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox(app):
    """Messages the app sends by email during the test, through a local aiosmtpd server."""
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    saved = {key: app.config.get(key) for key in ("MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    yield inbox.messages
    app.config.update(saved)
    controller.stop()


def deliver_one_email(inbox, now):
    """Commit what the test wrote, deliver it, and return the one email that arrived with
    its message and its signature (the settings link), lines ending in "\\n"."""
    db.session.commit()
    deliver_pending(now)
    db.session.commit()
    [mail] = inbox
    message, signature = mail.get_content().replace("\r\n", "\n").split("\n-- \n")
    return mail, message, signature
