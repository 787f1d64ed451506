"""Parsers for one cell's text: each returns the stored value or raises CellError."""

import re
from datetime import date
from functools import lru_cache

from flask_babel import lazy_gettext as _l

from lms.core.decimals import parse_decimal
from lms.core.spreadsheets.reader import CellError
from lms.core.text import fold_vietnamese
from lms.org.models import EDUCATION_LEVELS, UNIT_KINDS

OLDEST_BIRTH_YEAR = 1930
YOUNGEST_AGE = 15

_YES = {"1", "yes", "y", "co", "x", "true"}
_NO = {"0", "no", "n", "khong", "false"}

# Keys are folded (lower-case, no diacritics), as fold_vietnamese() returns them.
EDUCATION_ALIASES = {
    **{level: level for level in EDUCATION_LEVELS},
    "duoi dai hoc": "below_university",
    "cao dang": "below_university",
    "trung cap": "below_university",
    "dai hoc": "university",
    "cu nhan": "university",
    "thac si": "master",
    "thac sy": "master",
    "tien si": "doctorate",
    "tien sy": "doctorate",
}

UNIT_KIND_ALIASES = {
    **{kind: kind for kind in UNIT_KINDS},
    "thanh hoi": "city",
    "quan/huyen": "district",
    "quan": "district",
    "huyen": "district",
    "thi xa": "district",
    "co so xa/phuong": "commune",
    "co so": "commune",
    "xa": "commune",
    "phuong": "commune",
    "xa/phuong": "commune",
    "thi tran": "commune",
    "chi hoi": "branch",
    "to phu nu": "group",
    "to": "group",
}

_EMPTY = _l("This cell must not be empty.")

_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_PHONE = re.compile(r"0\d{8,10}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


# Yes/no, level and education cells repeat a handful of words over thousands of rows.
_fold = lru_cache(maxsize=4096)(fold_vietnamese)


def required_text(text, max_length):
    """Non-empty text of at most `max_length` characters, inner spaces collapsed."""
    if not text:
        raise CellError(_EMPTY)
    return optional_text(text, max_length)


def optional_text(text, max_length):
    """Text of at most `max_length` characters, or None when the cell is empty."""
    text = " ".join(text.split())
    if len(text) > max_length:
        raise CellError(_l("At most %(n)s characters.", n=max_length))
    return text or None


def yes_no(text, empty=False):
    """1/0, yes/no, có/không, x/empty (any case, with or without diacritics)."""
    if not text:
        return empty
    folded = _fold(text)
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise CellError(_l("Write yes or no (có/không, 1/0, x or leave empty)."))


def education(text):
    """An education key from its key or Vietnamese label; empty means below university."""
    if not text:
        return "below_university"
    level = EDUCATION_ALIASES.get(_fold(text))
    if level is None:
        raise CellError(_l("Unknown education level: write dưới đại học, đại học, thạc sĩ "
                           "or tiến sĩ."))
    return level


def unit_kind(text):
    """A unit kind from its key or Vietnamese label."""
    if not text:
        raise CellError(_EMPTY)
    kind = UNIT_KIND_ALIASES.get(_fold(text))
    if kind is None:
        raise CellError(_l("Unknown level: write Thành hội, Quận/Huyện, Cơ sở xã/phường, "
                           "Chi hội or Tổ phụ nữ."))
    return kind


def decimal_number(text, places):
    """A number written 2,5 or 2.5 with at most `places` decimals (the forms' parser)."""
    if not text:
        raise CellError(_EMPTY)
    try:
        return parse_decimal(text, places)
    except ValueError as error:
        raise CellError(error.args[0]) from None


def birth_year_error(year):
    """Why `year` is not a plausible year of birth (the one rule of the form and the
    imports), or None when it is."""
    newest = date.today().year - YOUNGEST_AGE
    if not OLDEST_BIRTH_YEAR <= year <= newest:
        return _l("Write a four-digit year between %(first)s and %(last)s.",
                  first=OLDEST_BIRTH_YEAR, last=newest)
    return None


def birth_year(text):
    """A plausible four-digit year of birth, or None when the cell is empty."""
    if not text:
        return None
    error = birth_year_error(int(text)) if len(text) == 4 and text.isdigit() else \
        birth_year_error(0)
    if error:
        raise CellError(error)
    return int(text)


def phone(text):
    """A phone number as 0 and 8-10 digits; +84 becomes 0, and a lost leading 0 is put back."""
    if not text:
        return None
    digits = _PHONE_SEPARATORS.sub("", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits[:1].isdigit() and not digits.startswith("0"):
        # Excel stores 0912345678 as the number 912345678.
        digits = "0" + digits
    if not _PHONE.fullmatch(digits):
        raise CellError(_l("Write a phone number of 9 to 11 digits, such as 0912 345 678."))
    return digits


def email(text, max_length=200):
    """An email address of a plausible shape, or None when the cell is empty."""
    if not text:
        return None
    if len(text) > max_length or not _EMAIL.fullmatch(text):
        raise CellError(_l("This is not a valid email address."))
    return text
