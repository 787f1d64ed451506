from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Optional


class AssignmentForm(FlaskForm):
    """An organizer assigns a published course to a unit's subtree."""

    course_id = SelectField(_l("Course"), coerce=int, choices=[],
                            validators=[InputRequired(_l("Choose a course."))])
    unit_code = StringField(_l("Unit code"), validators=[DataRequired(_l("Enter the unit code."))])
    only_full_time = BooleanField(_l("Only full-time cadres (chuyên trách)"))
    only_key_cadres = BooleanField(_l("Only key cadres (chủ chốt)"))
    only_department_leaders = BooleanField(_l("Only city department leaders"))
    only_chairs = BooleanField(_l("Only chairs"))
    due_date = DateField(_l("Due date"), validators=[Optional()])
