"""Password hashing, with the same work whether or not an account exists.

Passwords (and one-time codes) are hashed with Argon2id at the parameters OWASP's Password
Storage Cheat Sheet recommends as its minimum: 19 MiB of memory, 2 iterations, 1 lane
(config ARGON2_*). A check costs about 30 ms of one core, against about 120 ms for the
scrypt hashes stored before, so a 2-core server signs in a crowd four times as fast. Hashes
of another method (scrypt, PBKDF2) still verify, and are replaced at the next successful
sign-in (needs_rehash). Tests may configure a cheap Werkzeug method instead.
"""

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

ARGON2 = "argon2id"
_ARGON2_PREFIX = "$argon2"

# A wrong password for an unknown name must cost as much as for a real account, or the
# time of the answer tells which sign-in names exist.
_DUMMY_PASSWORD = "no account has this password"


@cache
def _hasher(time_cost, memory_kib, parallelism):
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


def _configured():
    """(method, Argon2 hasher or None) from the app's configuration."""
    config = current_app.config
    method = config["PASSWORD_HASH_METHOD"]
    if method != ARGON2:
        return method, None
    return method, _hasher(config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_KIB"],
                           config["ARGON2_PARALLELISM"])


def _hash_with(method, hasher, password):
    if hasher is not None:
        return hasher.hash(password)
    return generate_password_hash(password, method=method)


def hash_password(password):
    """A salted hash of `password` with the configured method (Argon2id by default)."""
    return _hash_with(*_configured(), password)


@cache
def _dummy_hash(method, hasher):
    return _hash_with(method, hasher, _DUMMY_PASSWORD)


def _check(password_hash, password):
    if password_hash.startswith(_ARGON2_PREFIX):
        try:
            # Any Argon2 hash verifies with the parameters written in it.
            return _hasher(1, 8, 1).verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
    return check_password_hash(password_hash, password)


def verify_password(password_hash, password):
    """True when `password` matches `password_hash`; a missing hash costs one real check."""
    if not password_hash:
        _check(_dummy_hash(*_configured()), password or "")
        return False
    return _check(password_hash, password or "")


def needs_rehash(password_hash):
    """Whether a hash that just verified should be replaced: Argon2id is configured and the
    hash is of another method, or of weaker or different Argon2 parameters."""
    method, hasher = _configured()
    if hasher is None or not password_hash:
        return False
    if not password_hash.startswith(f"${ARGON2}$"):
        return True
    try:
        return hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True
