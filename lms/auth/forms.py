from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from lms.org.forms import UnitField

MIN_PASSWORD = 8
# Shown under every field that sets a password, before any attempt fails.
PASSWORD_RULE = _l("At least %(n)s characters. A short sentence you remember is easier to type "
                   "than symbols.", n=MIN_PASSWORD)


class LoginForm(FlaskForm):
    login = StringField(_l("Username, phone number or cadre code"),
                        validators=[DataRequired(_l("Enter your username, phone or cadre code."))])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password."))])


def _new_password_fields():
    return (
        PasswordField(_l("New password"), description=PASSWORD_RULE, validators=[
            DataRequired(_l("Enter a new password.")),
            Length(min=MIN_PASSWORD, max=128,
                   message=_l("The password must be at least %(n)s characters.", n=MIN_PASSWORD))]),
        PasswordField(_l("Repeat the new password"), validators=[
            DataRequired(_l("Repeat the new password.")),
            EqualTo("new_password", message=_l("The two passwords do not match."))]),
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"),
                                     validators=[DataRequired(_l("Enter your current password."))])
    new_password, confirm_password = _new_password_fields()


class ActivateForm(FlaskForm):
    login = StringField(_l("Cadre code or phone number"),
                        validators=[DataRequired(_l("Enter your cadre code or phone number."))])
    # Typed off a slip: spaces and dashes between its groups are accepted (normalise_code).
    one_time_code = StringField(_l("One-time code"),
                                validators=[DataRequired(_l("Enter the code you were given."))],
                                render_kw={"autocapitalize": "characters", "spellcheck": "false",
                                           "autocorrect": "off"})
    new_password, confirm_password = _new_password_fields()


class GrantRoleForm(FlaskForm):
    username = StringField(_l("Account (username, phone or cadre code)"),
                           validators=[DataRequired(_l("Enter the account."))])
    role = SelectField(_l("Role"), choices=[])
    unit_code = UnitField(_l("Unit (for organizers)"))


class ForgotPasswordForm(FlaskForm):
    login = StringField(_l("Username, phone number or cadre code"),
                        validators=[DataRequired(_l("Enter your username, phone or cadre code."))])


class ResetPasswordForm(FlaskForm):
    new_password, confirm_password = _new_password_fields()


class OrganizerSearchForm(FlaskForm):
    """GET search of the units whose organizers give new codes; changes nothing."""

    class Meta:
        csrf = False

    q = StringField(_l("Your branch, group or ward"))
