from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    Optional,
    Regexp,
    StopValidation,
    ValidationError,
)

from lms.core.forms import WholeNumberField, select_choices
from lms.org.imports.cells import birth_year_error
from lms.org.models import EDUCATION_LABELS, UNIT_KIND_LABELS
from lms.org.queries import get_unit_by_code, resolve_unit
from lms.org.scope import scope_root_id

TRI_STATE = select_choices([("", _l("All")), ("1", _l("Yes")), ("0", _l("No"))])


def unit_label(unit):
    """How the unit picker's box shows a chosen unit: "Phường Hoàn Kiếm (00070)"."""
    return f"{unit.name} ({unit.code})"


def _plausible_birth_year(_form, field):
    """The import's rule (lms/org/imports/cells.py), so a form and a file agree."""
    if field.data is not None and (error := birth_year_error(field.data)):
        raise ValidationError(error)


class UnitField(StringField):
    """A unit chosen by its code or its name among the signed-in user's units.

    The box takes a code ("00070-CH01"), a name with or without accents ("phuong hoan
    kiem"), or part of one; the type-ahead (static/js/unit-picker.js, the unit_picker
    macro) fills it in as "name (code)". When the text names no single unit of her scope
    (lms.org.queries.resolve_unit), validation stops with `matches` holding the candidates,
    which the macro lists as radio buttons named "<name>-choice": choosing one and sending
    the form again is the search step that works without JavaScript. Once valid, `unit` is
    the unit and `data` its code, so a view or service reading the code keeps working.
    """

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.unit = None
        self.matches = []
        self.total = 0

    @property
    def choice_name(self):
        return f"{self.name}-choice"

    def process(self, formdata, data=None, extra_filters=None):
        super().process(formdata, data=data, extra_filters=extra_filters)
        if formdata is not None and formdata.get(self.choice_name):
            self.data = formdata.get(self.choice_name)
            self.raw_data = [self.data]

    def pre_validate(self, form):
        text = (self.data or "").strip()
        if not text:
            return  # DataRequired, where the form has it, says so
        choice = resolve_unit(scope_root_id(current_user), text)
        if choice.unit is not None:
            self.unit, self.data = choice.unit, choice.unit.code
            return
        self.matches, self.total = choice.matches, choice.total
        if not choice.matches:
            raise StopValidation(_l("No unit in your scope has this code or name."))
        raise StopValidation(_l("Choose the unit you mean from the list below."))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        unit = self.unit or (get_unit_by_code(self.data) if self.data else None)
        return unit_label(unit) if unit is not None else (self.data or "")


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
        Optional(), _plausible_birth_year])
    phone = StringField(_l("Phone number"), validators=[
        Optional(), Regexp(r"^0\d{8,10}$", message=_l("Enter 9 to 11 digits starting with 0."))])
    email = StringField(_l("Email"), validators=[
        Optional(), Email(_l("Enter a valid email address."))])
    unit_code = UnitField(_l("Unit"), validators=[DataRequired(_l("Enter the unit."))])
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

    target_code = UnitField(_l("The other unit"),
                            validators=[DataRequired(_l("Enter the unit."))])
