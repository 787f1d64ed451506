"""Forms of the in-person training pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange

from lms.catalog.models import TRACK_LABELS
from lms.core.forms import DecimalCommaField, select_choices
from lms.org.forms import UnitField


class SessionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[
        DataRequired(_l("Enter the title of the session.")), Length(max=300)])
    track = SelectField(_l("Track"), choices=select_choices(TRACK_LABELS))
    held_on = DateField(_l("Date"), validators=[InputRequired(_l("Enter the date."))])
    hours = DecimalCommaField(_l("Hours"), places=1, validators=[
        InputRequired(_l("Enter the number of hours.")),
        NumberRange(0.1, 999.9, _l("Enter a number of hours above 0, such as 4 or 3,5."))])
    unit_code = UnitField(_l("Organizing unit"), validators=[DataRequired(_l("Enter the unit."))])


class CadreSearchForm(FlaskForm):
    """GET search of cadres to add; no CSRF because it changes nothing."""

    class Meta:
        csrf = False

    q = StringField(_l("Search by name, code or phone"))


class AttendeesForm(FlaskForm):
    """The cadres ticked in the search results."""

    cadre_ids = SelectMultipleField(coerce=int, validate_choice=False, validators=[
        DataRequired(_l("Tick at least one cadre."))])


class RemoveAttendeeForm(FlaskForm):
    """A CSRF-protected button."""


class CheckinForm(FlaskForm):
    """A CSRF-protected button: open or close a check-in, or check in."""
