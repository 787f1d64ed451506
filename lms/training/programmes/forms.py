from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from lms.core.forms import DecimalCommaField, WholeNumberField
from lms.org.forms import UnitField


class ProgrammeForm(FlaskForm):
    """An organizer drafts a yearly programme for a unit's subtree."""

    title = StringField(_l("Title"), validators=[DataRequired(_l("Enter a title.")),
                                                 Length(max=200)])
    year = WholeNumberField(_l("Year"), validators=[InputRequired(_l("Enter the year."))])
    due_date = DateField(_l("Due date"), validators=[InputRequired(_l("Enter the due date."))])
    unit_code = UnitField(_l("Unit"), validators=[DataRequired(_l("Enter the unit."))])
    only_full_time = BooleanField(_l("Only full-time cadres (chuyên trách)"))
    only_key_cadres = BooleanField(_l("Only key cadres (chủ chốt)"))
    only_department_leaders = BooleanField(_l("Only city department leaders"))
    only_chairs = BooleanField(_l("Only chairs"))


class RequirementForm(FlaskForm):
    """One requirement: the fields of its kind are read, the others ignored (no script)."""

    kind = SelectField(_l("Kind of requirement"), choices=[])
    course_id = SelectField(_l("The course (a given course)"), coerce=int, choices=[],
                            validators=[Optional()])
    course_ids = SelectMultipleField(_l("The courses (one out of a list)"), coerce=int,
                                     choices=[], validators=[Optional()])
    hours = DecimalCommaField(_l("Hours (at least N hours)"), validators=[Optional()])
    track = SelectField(_l("Track (at least N hours)"), choices=[], validators=[Optional()])
