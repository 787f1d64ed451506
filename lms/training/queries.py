"""Reads on in-person training. No request or current_user here."""

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from lms.extensions import db
from lms.org.models import Cadre
from lms.org.queries import CadreFilter, cadre_list_query, subtree_ids
from lms.org.scope import is_unit_in_scope
from lms.training.models import Attendance, TrainingSession


def session_list_query(root_id):
    """SELECT of the sessions held by units in the subtree of root_id (None: all), newest
    first."""
    query = select(TrainingSession).options(joinedload(TrainingSession.unit))
    if root_id is not None:
        query = query.where(TrainingSession.unit_id.in_(subtree_ids(root_id)))
    return query.order_by(TrainingSession.held_on.desc(), TrainingSession.id.desc())


def count_attendees(session_ids):
    """{session id: number of attendees} for the given sessions, in one GROUP BY."""
    ids = list(session_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        select(Attendance.session_id, func.count(Attendance.id))
        .where(Attendance.session_id.in_(ids)).group_by(Attendance.session_id))
    counts = dict.fromkeys(ids, 0)
    counts.update({session_id: count for session_id, count in rows})
    return counts


def get_session(session_id):
    return db.session.get(TrainingSession, session_id)


def get_session_in_scope(session_id, root_id):
    """The session if its unit lies in the subtree of root_id (None: anywhere), else None."""
    session = get_session(session_id)
    if session is None or not is_unit_in_scope(root_id, session.unit_id):
        return None
    return session


def get_session_by_code(code):
    return db.session.scalar(select(TrainingSession).where(TrainingSession.code == code))


def get_attendance(session_id, newest_first=False, limit=None):
    """The session's attendance rows with their cadres and units loaded: by name, or the
    latest recorded first (the check-in screen), at most `limit`."""
    order = ((Attendance.recorded_at.desc(), Attendance.id.desc()) if newest_first
             else (Cadre.sort_name, Cadre.id))
    query = (select(Attendance).join(Attendance.cadre)
             .options(joinedload(Attendance.cadre).joinedload(Cadre.unit))
             .where(Attendance.session_id == session_id).order_by(*order))
    return list(db.session.scalars(query.limit(limit)))


def is_attending(session_id, cadre_id):
    """Whether the cadre is on the session's attendance."""
    return db.session.scalar(select(Attendance.id).where(
        Attendance.session_id == session_id, Attendance.cadre_id == cadre_id)) is not None


def search_cadres(root_id, term, limit=30):
    """(cadres, how many match in all): the active cadres in the subtree of root_id whose
    name, code or phone matches `term` (diacritic-insensitive), at most `limit` of them by
    name; none for an empty term."""
    if not term.strip():
        return [], 0
    # cadre_list_query loads each cadre's unit already.
    query = cadre_list_query(root_id, CadreFilter(search=term[:100]))
    found = list(db.session.scalars(query.limit(limit)))
    if len(found) < limit:
        return found, len(found)
    total = db.session.scalar(select(func.count()).select_from(
        query.order_by(None).with_only_columns(Cadre.id, maintain_column_froms=True).subquery()))
    return found, total


def get_attending_ids(session_id, cadre_ids):
    """Which of `cadre_ids` already attend the session."""
    ids = list(cadre_ids)
    if not ids:
        return set()
    return set(db.session.scalars(select(Attendance.cadre_id).where(
        Attendance.session_id == session_id, Attendance.cadre_id.in_(ids))))
