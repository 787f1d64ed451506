from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField
from wtforms.validators import DataRequired, InputRequired, Optional

from lms.org.forms import UnitField


class AssignmentForm(FlaskForm):
    """An organizer assigns a published course to a unit's subtree."""

    course_id = SelectField(_l("Course"), coerce=int, choices=[],
                            validators=[InputRequired(_l("Choose a course."))])
    unit_code = UnitField(_l("Unit"), validators=[DataRequired(_l("Enter the unit."))])
    only_full_time = BooleanField(_l("Only full-time cadres (chuyên trách)"))
    only_key_cadres = BooleanField(_l("Only key cadres (chủ chốt)"))
    only_department_leaders = BooleanField(_l("Only city department leaders"))
    only_chairs = BooleanField(_l("Only chairs"))
    due_date = DateField(_l("Due date"), validators=[Optional()])
