from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField


class EmailSettingsForm(FlaskForm):
    """Whether reminders also come by email."""

    reminders_by_email = BooleanField(_l("Send me reminders by email"))
