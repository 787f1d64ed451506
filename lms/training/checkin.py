"""QR check-in codes: what the organizer's screen shows and what a cadre's phone brings back.

A code belongs to one session, one opening of its check-in and one 30-second step:
HMAC-SHA256 keyed by the app's secret key and the opening's secret, over "<session id>:<step>".
The current step and the one before are accepted, so a code lives 30 to 60 seconds after it
appears: a photo sent to someone at home stops working within a minute, and a code of one
session never checks in to another. Closing the check-in, opening it again or the end of the
session's day (Vietnam time) stops every code at once.

Every function takes `now` (naive UTC, as lms.core.clock gives it) so that tests set the clock.
"""

import base64
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from enum import StrEnum

import segno
from flask import current_app, url_for
from markupsafe import Markup

from lms.core.clock import local_date
from lms.training.queries import is_attending

STEP_SECONDS = 30
CODE_LENGTH = 10  # 60 bits of the MAC: guessing one within its minute is hopeless
# A phone that brought a valid code may use it this long after: time enough for an older cadre
# to sign in (the code on the screen has moved on by then) and to tap the button.
PASS_SECONDS = 300
_EPOCH = datetime(1970, 1, 1)


class CodeStatus(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"  # a genuine code of this opening, too old
    INVALID = "invalid"  # not a code of this session's current opening
    CLOSED = "closed"  # check-in is not open (closed, never opened, or not the day)


def step_at(now):
    """The 30-second step that the naive UTC moment `now` falls in."""
    return int((now - _EPOCH).total_seconds()) // STEP_SECONDS


def seconds_to_next_step(now):
    """Seconds from `now` until the next step begins (0 < s <= STEP_SECONDS)."""
    return STEP_SECONDS - (now - _EPOCH).total_seconds() % STEP_SECONDS


def new_secret():
    """A fresh secret for one opening of a session's check-in (64 hex digits)."""
    return secrets.token_hex(32)


def can_open_checkin(session, now):
    """Check-in opens only on the session's day, in Vietnam."""
    return session.held_on == local_date(now)


def is_checkin_open(session, now):
    """Whether codes of the session are accepted at `now`."""
    return (session.checkin_secret is not None and session.checkin_closed_at is None
            and can_open_checkin(session, now))


def checkin_state(session, now):
    """For the session page: "open", "closed" (opened today, then closed), "ready" (today,
    not opened yet) or "not_today"."""
    if not can_open_checkin(session, now):
        return "not_today"
    if session.checkin_secret is None:
        return "ready"
    return "closed" if session.checkin_closed_at is not None else "open"


def make_code(session, step):
    """The code of the session's current opening for `step` (url-safe, CODE_LENGTH chars)."""
    key = (current_app.config["SECRET_KEY"] + session.checkin_secret).encode()
    mac = hmac.new(key, f"{session.id}:{step}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).decode()[:CODE_LENGTH]


def check_code(session, step, code, now, seen_at=None):
    """The CodeStatus of `code` for `step` at `now` (a missing session: INVALID).

    `seen_at` is when this browser last brought the same session and step while the code was
    valid (see PASS_SECONDS): the code stays valid for it until that pass runs out.
    """
    if session is None:
        return CodeStatus.INVALID
    if not is_checkin_open(session, now):
        return CodeStatus.CLOSED
    current = step_at(now)
    if step > current or not hmac.compare_digest(make_code(session, step).encode(),
                                                 code.encode()):
        return CodeStatus.INVALID
    if step >= current - 1:
        return CodeStatus.VALID
    if (seen_at is not None and step <= step_at(seen_at) <= step + 1
            and timedelta(0) <= now - seen_at <= timedelta(seconds=PASS_SECONDS)):
        return CodeStatus.VALID
    return CodeStatus.EXPIRED


class CheckinOutcome(StrEnum):
    """What a cadre's scan comes to; READY asks her to confirm (nothing is written yet)."""

    READY = "ready"
    RECORDED = "recorded"
    ALREADY = "already"
    EXPIRED = CodeStatus.EXPIRED.value
    INVALID = CodeStatus.INVALID.value
    CLOSED = CodeStatus.CLOSED.value
    NOT_A_CADRE = "not_a_cadre"


def checkin_cadre(user):
    """The active cadre whose account `user` is, or None (an organizer without one, say)."""
    cadre = getattr(user, "cadre", None)
    return cadre if cadre is not None and cadre.is_active else None


def preview_check_in(session, user, step, code, now, seen_at=None):
    """What checking in `user` with this code would do at `now`, without writing: READY, or
    why not. Her own attendance comes first: a second scan says she is on the list already."""
    if session is None:
        return CheckinOutcome.INVALID
    cadre = checkin_cadre(user)
    if cadre is None:
        return CheckinOutcome.NOT_A_CADRE
    if is_attending(session.id, cadre.id):
        return CheckinOutcome.ALREADY
    status = check_code(session, step, code, now, seen_at=seen_at)
    return CheckinOutcome.READY if status is CodeStatus.VALID else CheckinOutcome(status.value)


def checkin_url(session, step):
    """The absolute link of the session's code for `step` (BASE_URL: phones read it)."""
    path = url_for("training.check_in", session_id=session.id, step=step,
                   code=make_code(session, step))
    return current_app.config["BASE_URL"] + path


def qr_svg(url):
    """The QR code of `url` as inline SVG, black on white with its quiet zone, sized by CSS."""
    svg = segno.make(url, error="m").svg_inline(scale=1, border=4, omitsize=True,
                                                dark="#000", light="#fff")
    return Markup(svg)
