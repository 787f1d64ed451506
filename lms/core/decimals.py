"""Decimal numbers as people in Vietnam write them: "2,5" is read (so is "2.5") and shown.

One parser for every form field, import cell and course file, so "2,5" can never be read as
25 in one place and 2.5 in another. Anything that could be read two ways ("1,000", "1.234,5",
a thousands separator) is refused with a message rather than guessed.
"""

import re
from decimal import Decimal
from functools import lru_cache

from babel.numbers import format_decimal as babel_format
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

# Digits, then optionally one decimal separator (comma or point) and more digits.
_DECIMAL = re.compile(r"(\d+)(?:[.,](\d+))?", re.ASCII)
_WHOLE = re.compile(r"\d{1,18}", re.ASCII)  # longer would be out of any range
# "1,000" or "12.500": a thousands group to some, three decimals to others.
_THOUSANDS = re.compile(r"[1-9]\d{0,2}[.,]\d{3}", re.ASCII)

NOT_A_NUMBER = _l("Write a number such as 4 or 2,5: a comma before the decimals and no "
                  "thousands separators.")


def parse_decimal(text, places=None):
    """The Decimal written as "2,5" or "2.5" (at most `places` decimals unless None); raises
    ValueError whose first argument is the message for the person who typed it."""
    text = (text or "").strip()
    match = _DECIMAL.fullmatch(text)
    if match is None or _THOUSANDS.fullmatch(text):
        raise ValueError(NOT_A_NUMBER)
    whole, fraction = match.groups()
    fraction = (fraction or "").rstrip("0")  # "2,50" is 2,5
    if places is not None:
        if len(fraction) > places:  # refused rather than rounded away
            raise ValueError(_l("Too many digits after the comma: write at most %(places)s, "
                                "such as 2,5.", places=places))
        fraction = fraction.ljust(places, "0")
    # Built from the digits, exactly: no rounding to the decimal context's precision.
    return Decimal(f"{whole}.{fraction}" if fraction else whole)


def parse_whole_number(text):
    """The int written as digits only ("70"); raises ValueError with the message for the
    person who typed it for anything else ("7,5", "1.000", "70%")."""
    text = (text or "").strip()
    if not _WHOLE.fullmatch(text):
        raise ValueError(_l("Write a whole number, with digits only."))
    return int(text)


def format_decimal(value, grouped=True, locale=None):
    """A number as people read it, all its digits and no trailing zeros: in Vietnamese 2.5 ->
    "2,5", 4.0 -> "4", 1500 -> "1.500" (in English "2.5", "1,500"). `grouped=False` leaves out
    the thousands separator, for a value put back in a form field, which parse_decimal reads
    again; `locale` fixes the language of a document whatever the reader's interface."""
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    # decimal_quantization=False: every digit shown, never rounded to the pattern's three.
    return _babel_text(str(number.normalize()), "#,##0.###" if grouped else "0.###",
                       str(locale or get_locale() or "vi"), quantize=False)


@lru_cache(maxsize=8192)
def _babel_text(number, pattern, locale, quantize=True):
    """Babel's text for `number` (the str of a number: Babel reads any number through it) in
    `pattern` and `locale`. The same every time, so worked out once a process: Babel takes
    ~50 µs a number, and a page of courses or a report shows dozens."""
    return babel_format(Decimal(number), pattern, locale=locale,
                        decimal_quantization=quantize)


def _in_page_locale(value, pattern):
    locale = get_locale()
    return _babel_text(str(value), pattern, str(locale) if locale else None)


def format_count(value):
    """A whole number of people or things, grouped as people here read it: 1234 -> "1.234"."""
    return _in_page_locale(value or 0, "#,##0")


def format_percent(value, places=1):
    """A share as people read it here: 72.34 -> "72,3 %" (a no-break space before the sign,
    so it never wraps alone); None (no one to count) -> "–"."""
    if value is None:
        return "–"
    pattern = "#,##0." + "0" * places if places else "#,##0"
    return f"{_in_page_locale(value, pattern)}\u00a0%"
