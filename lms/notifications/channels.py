"""The ways a notification reaches its recipient. A channel says whom it can reach (one SQL
condition, to plan deliveries for many users at once, and per user when sending) and sends
one notification. SMS or Zalo would be one more class here and one entry in CHANNELS."""

import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, false, func, true

from lms.notifications.queries import wants_email
from lms.notifications.texts import email_settings_path, in_language
from lms.org.models import Cadre


class Channel:
    """The interface: a name stored on each delivery, who it reaches, and how it sends."""

    name = ""
    #: Delivered by being written (the bell reads the outbox): recorded as sent at once.
    immediate = False

    def reach_condition(self, kind):
        """A SQL condition on User (outer-joined to Cadre) that holds for the users it
        reaches with a notification of this kind: one condition, for many users at once."""
        raise NotImplementedError

    def can_reach(self, user):
        """Whether the user can receive it on this channel now."""
        raise NotImplementedError

    def send(self, notification):
        """Deliver one notification; raise on failure (the error is recorded)."""
        raise NotImplementedError


class InAppChannel(Channel):
    """The bell in the menu and the notifications page: every account has it."""

    name = "in_app"
    immediate = True

    def reach_condition(self, kind):
        return true()

    def can_reach(self, user):
        return True

    def send(self, notification):
        """Nothing to do: the page and the bell read the notification itself."""


def email_of(user):
    """The address an account's emails go to (its cadre's), or "" when it has none."""
    cadre = user.cadre if user is not None else None
    return (cadre.email or "").strip() if cadre is not None else ""


def mail_configured():
    """Whether an SMTP server is set (LMS_MAIL_SERVER): without one, nothing is emailed."""
    return bool(current_app.config.get("MAIL_SERVER"))


def send_email(message):
    """Send one EmailMessage through the LMS_MAIL_* server; raises on failure."""
    config = current_app.config
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=30) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        smtp.send_message(message)


def password_reset_message(user, link, hours):
    """The email with a reset link, in the account's language: not a notification (it is
    never shown in the app, and the link is kept nowhere but in this email)."""
    message = EmailMessage()
    with in_language(user.locale):
        message["Subject"] = _("Set a new password")
        body = _("Hello %(name)s,\n\nSomeone (you, we hope) asked to set a new password for "
                 "the account %(username)s. Open this link within %(hours)s hour to choose "
                 "it; the link works once:\n\n%(link)s\n\nIf you did not ask, ignore this "
                 "email: your password stays as it is.",
                 name=user.display_name, username=user.username, hours=hours, link=link)
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = email_of(user)
    message["Message-ID"] = make_msgid(domain="hoclieu")
    message.set_content(body + "\n")
    return message


class EmailChannel(Channel):
    """Email through the SMTP server of the LMS_MAIL_* settings, to the cadre's address."""

    name = "email"

    def reach_condition(self, kind):
        if not mail_configured():
            return false()
        has_address = and_(Cadre.email.is_not(None), func.trim(Cadre.email) != "")
        return and_(has_address, wants_email(kind))

    def can_reach(self, user):
        return mail_configured() and bool(email_of(user))

    def message(self, notification):
        """The email of a notification: its subject, its body and its one link."""
        config = current_app.config
        message = EmailMessage()
        message["Subject"] = notification.subject
        message["From"] = config["MAIL_SENDER"]
        message["To"] = email_of(notification.user)
        message["Message-ID"] = make_msgid(domain="hoclieu")
        settings = config["BASE_URL"] + email_settings_path(notification.user_id)
        message["List-Unsubscribe"] = f"<{settings}>"
        with in_language(notification.user.locale):
            choose = _("Choose which emails you get:")
        message.set_content(f"{notification.body}\n\n{config['BASE_URL']}{notification.link}\n\n"
                            f"-- \n{choose} {settings}\n")
        return message

    def send(self, notification):
        send_email(self.message(notification))


CHANNELS = (InAppChannel(), EmailChannel())
