"""Certificate codes, read aloud and typed from paper: HN-XXXX-XXXX-XXXX for a course,
HN-CT-XXXX-XXXX-XXXX for a yearly programme (chương trình).

The two shapes never meet (a programme code is two characters longer), so a code is unique
across both kinds of certificate by its shape alone, and the verification page knows from
it where to look.
"""

import re
import secrets
from functools import reduce

from sqlalchemy import func, literal, select

from lms.core.sql import random_below
from lms.extensions import db
from lms.learning.models import Certificate

# No 0/O, 1/I/L: codes are read aloud and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_PREFIX = "HN"
CODE_LENGTH = 12
CODE_GROUP_SIZE = 4
# After the prefix on a programme certificate's code.
PROGRAMME_MARK = "CT"


def format_code(chars, mark=None):
    """`chars` (the random part) grouped as HN-XXXX-XXXX-XXXX, or HN-CT-XXXX-XXXX-XXXX with
    mark="CT"."""
    groups = [chars[i:i + CODE_GROUP_SIZE] for i in range(0, len(chars), CODE_GROUP_SIZE)]
    return "-".join([CODE_PREFIX, *([mark] if mark else []), *groups])


def normalise_code(text):
    """A typed code in canonical form (HN-XXXX-XXXX-XXXX or HN-CT-XXXX-XXXX-XXXX), or None
    if it cannot be one. The prefix HN may be left out."""
    chars = re.sub(r"[^A-Z0-9]", "", (text or "").upper())
    marked = len(PROGRAMME_MARK) + CODE_LENGTH
    if chars.startswith(CODE_PREFIX) and len(chars) in (len(CODE_PREFIX) + CODE_LENGTH,
                                                        len(CODE_PREFIX) + marked):
        chars = chars[len(CODE_PREFIX):]
    if len(chars) == CODE_LENGTH:
        return format_code(chars)
    if len(chars) == marked and chars.startswith(PROGRAMME_MARK):
        return format_code(chars[len(PROGRAMME_MARK):], PROGRAMME_MARK)
    return None


def is_programme_code(code):
    """Whether a canonical code (see normalise_code) is a programme certificate's."""
    return code.startswith(f"{CODE_PREFIX}-{PROGRAMME_MARK}-")


def new_code():
    return format_code("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)))


def unused_code():
    # 31^12 codes make a clash practically impossible; checking costs one indexed lookup.
    while True:
        code = new_code()
        if db.session.scalar(select(Certificate.id).where(Certificate.code == code)) is None:
            return code


def programme_code_sql():
    """A SQL expression that makes a new programme code (HN-CT-XXXX-XXXX-XXXX) for each row,
    drawn by the database (see core.sql.random_below), so that one INSERT ... SELECT gives
    every row its own."""

    def char():
        return func.substr(CODE_ALPHABET, random_below(len(CODE_ALPHABET)) + 1, 1)

    parts = [literal(f"{CODE_PREFIX}-{PROGRAMME_MARK}")]
    for _group in range(CODE_LENGTH // CODE_GROUP_SIZE):
        parts += [literal("-"), *(char() for _ in range(CODE_GROUP_SIZE))]
    return reduce(lambda left, right: left.concat(right), parts)
