from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length, NumberRange, Optional, Regexp

from lms.core.forms import WholeNumberField, select_choices
from lms.org.models import EDUCATION_LABELS, UNIT_KIND_LABELS

TRI_STATE = select_choices([("", _l("All")), ("1", _l("Yes")), ("0", _l("No"))])


class CadreFilterForm(FlaskForm):
    """GET filters of the cadre list; no CSRF because it changes nothing."""

    class Meta:
        csrf = False

    q = StringField(_l("Search by name, code or phone"))
    unit = SelectField(_l("Unit"), choices=[], validate_choice=False)
    is_full_time = SelectField(_l("Full-time"), choices=TRI_STATE)
    is_key_cadre = SelectField(_l("Key cadre"), choices=TRI_STATE)
    is_department_leader = SelectField(_l("Department leader"), choices=TRI_STATE)
    is_chair = SelectField(_l("Chair"), choices=TRI_STATE)
    education = SelectField(_l("Education"),
                            choices=select_choices([("", _l("All")), *EDUCATION_LABELS.items()]))
    status = SelectField(_l("Status"), choices=select_choices([
        ("active", _l("Active")), ("inactive", _l("Inactive")), ("", _l("All"))]))


class CadreForm(FlaskForm):
    code = StringField(_l("Cadre code"), validators=[
        DataRequired(_l("Enter the cadre code.")), Length(max=40)])
    full_name = StringField(_l("Full name"), validators=[
        DataRequired(_l("Enter the full name.")), Length(max=200)])
    birth_year = WholeNumberField(_l("Year of birth"), validators=[
        Optional(), NumberRange(1930, 2015, _l("Enter a year between 1930 and 2015."))])
    phone = StringField(_l("Phone number"), validators=[
        Optional(), Regexp(r"^0\d{8,10}$", message=_l("Enter 9 to 11 digits starting with 0."))])
    email = StringField(_l("Email"), validators=[
        Optional(), Email(_l("Enter a valid email address."))])
    unit_code = StringField(_l("Unit code"), validators=[DataRequired(_l("Enter the unit code."))])
    position = StringField(_l("Position"), validators=[Optional(), Length(max=200)])
    is_full_time = BooleanField(_l("Full-time cadre (chuyên trách)"))
    is_key_cadre = BooleanField(_l("Key cadre (chủ chốt)"))
    is_department_leader = BooleanField(_l("City department leader"))
    is_chair = BooleanField(_l("Chair"))
    education = SelectField(_l("Education"), choices=select_choices(EDUCATION_LABELS))
    is_active = BooleanField(_l("Active"), default=True)


class UnitForm(FlaskForm):
    code = StringField(_l("Unit code"), validators=[
        DataRequired(_l("Enter the unit code.")), Length(max=40)])
    name = StringField(_l("Unit name"), validators=[
        DataRequired(_l("Enter the unit name.")), Length(max=200)])
    kind = SelectField(_l("Level"), choices=select_choices(UNIT_KIND_LABELS))
    is_active = BooleanField(_l("Active"), default=True)


class UnitTargetForm(FlaskForm):
    """Move or merge: the other unit, named by its code."""

    target_code = StringField(_l("Code of the other unit"),
                              validators=[DataRequired(_l("Enter a unit code."))])
