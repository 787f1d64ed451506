"""Form helpers shared by the domains."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import Field
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation
from wtforms.widgets import TextInput

from lms.core.decimals import format_decimal, parse_decimal, parse_whole_number


def select_choices(pairs):
    """SelectField choices from (value, label) pairs or a {value: label} dict."""
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return [SelectChoice(value, label) for value, label in items]


class _TypedNumberField(Field):
    """A number typed into a text input and read by the app's own parser.

    Not type="number": Chromium (set to English or Vietnamese) drops a comma typed into a
    number input, so 2,5 arrives as 25 and 7,5 as 75. inputmode still brings up the phone's
    number keypad. `data` is None when the field is left empty.
    """

    widget = TextInput()
    inputmode = "decimal"

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs["render_kw"] = {"inputmode": self.inputmode, **(kwargs.get("render_kw") or {})}
        super().__init__(label, validators, **kwargs)

    def parse(self, text):
        raise NotImplementedError

    def format(self, value):
        raise NotImplementedError

    def process_formdata(self, valuelist):
        if not valuelist:
            return  # not posted: keep the default or the object's value
        self.data = None
        if valuelist[0].strip():
            # A ValueError becomes the field's message (Field.process collects it).
            self.data = self.parse(valuelist[0])

    def pre_validate(self, form):
        # The parser's message says what is wrong; "required" or a range on top would not.
        if self.process_errors:
            raise StopValidation()

    def _value(self):
        # A refused value is shown as typed, to be corrected; a good one in Vietnamese form.
        if self.raw_data and (self.process_errors or self.errors):
            return self.raw_data[0]
        return "" if self.data is None else self.format(self.data)


class DecimalCommaField(_TypedNumberField):
    """A decimal typed as 2,5 or 2.5 with at most `places` decimals, shown back as 2,5;
    ambiguous text such as 1,000 or 1.234,5 gets a message beside the field. A Decimal."""

    def __init__(self, label=None, validators=None, places=1, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.places = places

    def parse(self, text):
        return parse_decimal(text, self.places)

    def format(self, value):
        return format_decimal(value, grouped=False)


class WholeNumberField(_TypedNumberField):
    """A whole number typed as digits only: 7,5 or 1.000 gets a message. An int."""

    inputmode = "numeric"

    def parse(self, text):
        return parse_whole_number(text)

    def format(self, value):
        return str(value)


class ImportForm(FlaskForm):
    """The upload form of every spreadsheet import (units, cadres, attendance)."""

    file = FileField(_l("File to import (.xlsx, .ods or .csv)"), validators=[
        FileRequired(_l("Choose a file to import.")),
        FileAllowed(["xlsx", "ods", "csv"],
                    _l("Only .xlsx, .ods and .csv files can be imported."))])
