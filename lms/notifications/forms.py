from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField

from lms.core.forms import select_choices

WEEKDAYS = (_l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"),
            _l("Saturday"), _l("Sunday"))


def email_settings_form(kinds, **kwargs):
    """A form with one box per optional kind of `kinds` (Kind objects), named by the kind."""

    class EmailSettingsForm(FlaskForm):
        """Which optional notifications also come by email."""

    for kind in kinds:
        setattr(EmailSettingsForm, kind.name, BooleanField(kind.label))
    return EmailSettingsForm(**kwargs)


class DigestScheduleForm(FlaskForm):
    """When the organizers' weekly digest goes out, Vietnam time."""

    digest_weekday = SelectField(_l("Day of the week"), coerce=int,
                                 choices=select_choices(list(enumerate(WEEKDAYS))))
    digest_hour = SelectField(_l("Hour (Vietnam time)"), coerce=int,
                              choices=select_choices([(hour, f"{hour:02d}:00")
                                                      for hour in range(24)]))


class KindSwitchForm(FlaskForm):
    """The CSRF-protected POST of one new kind's switch; `on` is "1" or "0"."""

    on = HiddenField()
