"""Certificate codes: HN-XXXX-XXXX-XXXX, read aloud and typed from paper."""

import re
import secrets

from sqlalchemy import select

from lms.extensions import db
from lms.learning.models import Certificate

# No 0/O, 1/I/L: codes are read aloud and typed from paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_PREFIX = "HN"
CODE_LENGTH = 12
CODE_GROUP_SIZE = 4


def format_code(chars):
    """`chars` (the random part) grouped as HN-XXXX-XXXX-XXXX."""
    groups = [chars[i:i + CODE_GROUP_SIZE] for i in range(0, len(chars), CODE_GROUP_SIZE)]
    return "-".join([CODE_PREFIX, *groups])


def normalise_code(text):
    """A typed code in canonical form (HN-XXXX-XXXX-XXXX), or None if it cannot be one."""
    chars = re.sub(r"[^A-Z0-9]", "", (text or "").upper())
    if len(chars) == len(CODE_PREFIX) + CODE_LENGTH and chars.startswith(CODE_PREFIX):
        chars = chars[len(CODE_PREFIX):]
    return format_code(chars) if len(chars) == CODE_LENGTH else None


def new_code():
    return format_code("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)))


def unused_code():
    # 31^12 codes make a clash practically impossible; checking costs one indexed lookup.
    while True:
        code = new_code()
        if db.session.scalar(select(Certificate.id).where(Certificate.code == code)) is None:
            return code
