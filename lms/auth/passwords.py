"""Password hashing, with the same work whether or not an account exists."""

from functools import cache

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

# A wrong password for an unknown name must cost as much as for a real account, or the
# time of the answer tells which sign-in names exist.
_DUMMY_PASSWORD = "no account has this password"


def hash_password(password):
    """A salted hash of `password` with the configured method (scrypt by default)."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@cache
def _dummy_hash(method):
    return generate_password_hash(_DUMMY_PASSWORD, method=method)


def verify_password(password_hash, password):
    """True when `password` matches `password_hash`; a missing hash costs one real check."""
    if not password_hash:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]),
                            password or "")
        return False
    return check_password_hash(password_hash, password or "")
