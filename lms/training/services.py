"""Writes on in-person training: sessions and their attendance. The caller commits."""

import secrets
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, or_, select, update

from lms.core.audit import record_audit
from lms.core.clock import utcnow
from lms.core.errors import DomainError
from lms.core.writes import insert_ignoring_duplicates
from lms.extensions import db
from lms.org.models import Cadre
from lms.org.queries import subtree_ids
from lms.org.scope import is_unit_in_scope
from lms.training.checkin import (
    CheckinOutcome,
    can_open_checkin,
    checkin_cadre,
    new_secret,
    preview_check_in,
)
from lms.training.models import Attendance, TrainingSession
from lms.training.programmes.services import award_certificates_for


class TrainingError(DomainError):
    """A training write that cannot be done as asked."""


class OutOfScope(TrainingError):
    """The unit or a cadre lies outside the actor's subtree."""


def new_session_code(held_on):
    """A code for a session recorded on screen: TH-<yyyymmdd>-<6 hex digits>."""
    return f"TH-{held_on:%Y%m%d}-{secrets.token_hex(3).upper()}"


def create_session(title, track, held_on, hours, unit, actor=None, scope_root_id=None,
                   code=None):
    """Record a session held by `unit`; OutOfScope when the unit is outside scope_root_id,
    or None (the code typed was not found among the actor's units)."""
    if unit is None or (scope_root_id is not None
                        and not is_unit_in_scope(scope_root_id, unit.id)):
        raise OutOfScope(_l("Enter the code of a unit inside your scope."), field="unit_code")
    session = TrainingSession(code=code or new_session_code(held_on), title=title.strip(),
                              track=track, held_on=held_on,
                              hours=Decimal(hours).quantize(Decimal("0.1")),
                              unit_id=unit.id, created_by_id=getattr(actor, "id", None))
    db.session.add(session)
    db.session.flush()
    record_audit(actor, "training.create_session", session, code=session.code)
    return session


def add_attendees(session, cadre_ids, actor=None, scope_root_id=None):
    """Add cadres to a session, ignoring those already there; returns how many were added.
    Those who thereby complete a programme of the session's year get its certificate.

    OutOfScope (nothing written) when a cadre is unknown or outside scope_root_id.
    """
    wanted = {int(cadre_id) for cadre_id in cadre_ids}
    if not wanted:
        return 0
    query = select(Cadre.id).where(Cadre.id.in_(wanted))
    if scope_root_id is not None:
        query = query.where(Cadre.unit_id.in_(subtree_ids(scope_root_id)))
    found = set(db.session.scalars(query))
    if found != wanted:
        raise OutOfScope(_l("Tick only cadres of your units."), field="cadre_ids")
    present = set(db.session.scalars(select(Attendance.cadre_id).where(
        Attendance.session_id == session.id, Attendance.cadre_id.in_(wanted))))
    missing = sorted(wanted - present)
    if missing:
        # Two organizers may tick the same cadre at once: the later insert skips her.
        db.session.execute(insert_ignoring_duplicates(Attendance),
                           [{"session_id": session.id, "cadre_id": cadre_id}
                            for cadre_id in missing])
        record_audit(actor, "training.add_attendees", session, cadre_ids=missing)
        # Her programme certificate at once, if this training completes a programme.
        award_certificates_for(missing, session.held_on.year)
    return len(missing)


def remove_attendee(session, cadre_id, actor=None):
    """Take a cadre off a session's attendance; returns whether she was on it."""
    result = db.session.execute(delete(Attendance).where(
        Attendance.session_id == session.id, Attendance.cadre_id == cadre_id))
    if result.rowcount:
        record_audit(actor, "training.remove_attendee", session, cadre_id=cadre_id)
    return bool(result.rowcount)


class CheckinNotToday(TrainingError):
    """Check-in opens only on the session's day."""


def open_checkin(session, actor=None, now=None):
    """Open the session's QR check-in with a new secret; an open one stays as it is (a double
    tap, or a second organizer, shows the same codes). CheckinNotToday off the session's day."""
    now = now or utcnow()
    if not can_open_checkin(session, now):
        raise CheckinNotToday(_l("Check-in can be opened only on the day of the session."))
    # Conditional UPDATE: of two organizers opening at once, the second finds it open.
    result = db.session.execute(
        update(TrainingSession)
        .where(TrainingSession.id == session.id,
               or_(TrainingSession.checkin_secret.is_(None),
                   TrainingSession.checkin_closed_at.is_not(None)))
        .values(checkin_secret=new_secret(), checkin_opened_at=now, checkin_closed_at=None)
        .execution_options(synchronize_session=False))
    db.session.refresh(session)
    if result.rowcount:
        record_audit(actor, "training.open_checkin", session)
    return bool(result.rowcount)


def close_checkin(session, actor=None, now=None):
    """Close the session's check-in: every code stops at once. Returns whether it was open."""
    result = db.session.execute(
        update(TrainingSession)
        .where(TrainingSession.id == session.id, TrainingSession.checkin_secret.is_not(None),
               TrainingSession.checkin_closed_at.is_(None))
        .values(checkin_closed_at=now or utcnow())
        .execution_options(synchronize_session=False))
    db.session.refresh(session)
    if result.rowcount:
        record_audit(actor, "training.close_checkin", session)
    return bool(result.rowcount)


def check_in(session, user, step, code, now=None, seen_at=None):
    """Record the attendance of the user's cadre at `session` from a scanned code, once.

    Returns a CheckinOutcome (never READY); only RECORDED writes (and issues the programme
    certificates this attendance completes). A second scan, a double tap or a retry that
    races the first is ALREADY, never a unique-constraint error.
    """
    now = now or utcnow()
    outcome = preview_check_in(session, user, step, code, now, seen_at=seen_at)
    if outcome is not CheckinOutcome.READY:
        return outcome
    cadre = checkin_cadre(user)
    inserted = db.session.execute(
        insert_ignoring_duplicates(Attendance)
        .values(session_id=session.id, cadre_id=cadre.id, source="qr", recorded_at=now)
        .execution_options(preserve_rowcount=True)).rowcount
    if not inserted:
        return CheckinOutcome.ALREADY
    record_audit(user, "training.check_in", session, cadre_id=cadre.id, step=step)
    award_certificates_for([cadre.id], session.held_on.year)
    return CheckinOutcome.RECORDED

