"""Form helpers shared by the domains."""

from wtforms import Field
from wtforms.fields.choices import SelectChoice
from wtforms.validators import StopValidation
from wtforms.widgets import TextInput

from lms.core.decimals import format_decimal, parse_decimal


def select_choices(pairs):
    """SelectField choices from (value, label) pairs or a {value: label} dict."""
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return [SelectChoice(value, label) for value, label in items]


class DecimalCommaField(Field):
    """A decimal typed as 2,5 or 2.5, shown back as 2,5; ambiguous text such as 1,000 or
    1.234,5 gets a message beside the field. `data` is a Decimal, or None when left empty.

    A text input, not type="number": a browser set to English drops the comma from a number
    input and sends 2,5 as 25. inputmode still brings up the phone's number keypad.
    """

    widget = TextInput()

    def __init__(self, label=None, validators=None, places=1, **kwargs):
        kwargs["render_kw"] = {"inputmode": "decimal", **(kwargs.get("render_kw") or {})}
        super().__init__(label, validators, **kwargs)
        self.places = places

    def process_formdata(self, valuelist):
        if not valuelist:
            return  # not posted: keep the default or the object's value
        self.data = None
        if valuelist[0].strip():
            # A ValueError becomes the field's message (Field.process collects it).
            self.data = parse_decimal(valuelist[0], self.places)

    def pre_validate(self, form):
        # The parser's message says what is wrong; "required" or a range on top would not.
        if self.process_errors:
            raise StopValidation()

    def _value(self):
        # A refused value is shown as typed, to be corrected; a good one in Vietnamese form.
        if self.raw_data and (self.process_errors or self.errors):
            return self.raw_data[0]
        return format_decimal(self.data)
