"""Form helpers shared by the domains."""

from wtforms.fields.choices import SelectChoice


def select_choices(pairs):
    """SelectField choices from (value, label) pairs or a {value: label} dict."""
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return [SelectChoice(value, label) for value, label in items]
