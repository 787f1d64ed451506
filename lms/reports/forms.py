from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField
from wtforms.validators import DataRequired, NumberRange, Optional, ValidationError

from lms.core.forms import DecimalCommaField


class PeriodActionForm(FlaskForm):
    """The CSRF-protected POST of "Close this period" / "Reopen"; the period is in hidden
    fields so the page it came from can be shown again."""

    year = HiddenField()
    half = HiddenField()


class ReportSettingsForm(FlaskForm):
    term_start = DateField(_l("Term start"), validators=[DataRequired(_l("Enter a date."))])
    term_end = DateField(_l("Term end"), validators=[DataRequired(_l("Enter a date."))])
    min_hours_per_year = DecimalCommaField(
        _l("Minimum training hours per year (empty: one training is enough)"), places=1,
        validators=[Optional(), NumberRange(0, 9999, _l("Enter a number between 0 and 9999."))])

    def validate_term_end(self, field):
        if self.term_start.data and field.data and field.data < self.term_start.data:
            raise ValidationError(_l("The term must end after it starts."))
