"""Reads the report document needs besides the indicator figures: the in-person sessions
held in the period and the online courses completed in it, each one GROUP BY over the unit
subtree. No request or current_user here."""

from dataclasses import dataclass

from sqlalchemy import distinct, func, select

from lms.catalog.models import Course
from lms.extensions import db
from lms.learning.models import CourseCompletion
from lms.org.models import Cadre, Unit
from lms.org.queries import subtree_ids
from lms.training.models import Attendance, TrainingSession


@dataclass(frozen=True)
class TrackTotals:
    track: str | None  # None: all tracks together
    sessions: int
    attendances: int
    attendees: int  # distinct people


def get_sessions_held(unit_id, period):
    """(held_on, title, organising unit's name, track, hours, attendees) of every session
    held by a unit of the subtree in the period, by date: one GROUP BY."""
    return db.session.execute(
        select(TrainingSession.held_on, TrainingSession.title, Unit.name,
               TrainingSession.track, TrainingSession.hours, func.count(Attendance.id))
        .join(Unit, Unit.id == TrainingSession.unit_id)
        .outerjoin(Attendance, Attendance.session_id == TrainingSession.id)
        .where(TrainingSession.unit_id.in_(subtree_ids(unit_id)),
               TrainingSession.held_on >= period.start, TrainingSession.held_on <= period.end)
        .group_by(TrainingSession.id, TrainingSession.held_on, TrainingSession.title,
                  Unit.name, TrainingSession.track, TrainingSession.hours)
        .order_by(TrainingSession.held_on, TrainingSession.id)).all()


def get_session_totals(unit_id, period):
    """[TrackTotals] of the sessions held by the subtree's units in the period, one per
    track that had any, then the total across tracks (two statements)."""
    def totals(*group):
        query = (select(*group, func.count(distinct(TrainingSession.id)),
                        func.count(Attendance.id), func.count(distinct(Attendance.cadre_id)))
                 .select_from(TrainingSession)
                 .outerjoin(Attendance, Attendance.session_id == TrainingSession.id)
                 .where(TrainingSession.unit_id.in_(subtree_ids(unit_id)),
                        TrainingSession.held_on >= period.start,
                        TrainingSession.held_on <= period.end))
        return db.session.execute(query.group_by(*group).order_by(*group) if group else query)

    by_track = [TrackTotals(track, sessions, attendances, people)
                for track, sessions, attendances, people in totals(TrainingSession.track)]
    sessions, attendances, people = totals().one()
    return by_track + [TrackTotals(None, sessions or 0, attendances or 0, people or 0)]


def _completions_in(unit_id, period):
    return (select(CourseCompletion)
            .join(Cadre, Cadre.id == CourseCompletion.cadre_id)
            .where(Cadre.unit_id.in_(subtree_ids(unit_id)), Cadre.is_active.is_(True),
                   CourseCompletion.completed_on >= period.start,
                   CourseCompletion.completed_on <= period.end))


def get_online_completions(unit_id, period):
    """(course title, track, completions) of the courses that active cadres of the subtree
    completed in the period, most completed first: one GROUP BY."""
    query = _completions_in(unit_id, period).join(
        Course, Course.id == CourseCompletion.course_id)
    count = func.count(CourseCompletion.id)
    return db.session.execute(
        query.with_only_columns(Course.title, Course.track, count)
        .group_by(Course.id, Course.title, Course.track)
        .order_by(count.desc(), Course.sort_title, Course.id)).all()


def count_online_completers(unit_id, period):
    """How many active cadres of the subtree completed at least one course in the period."""
    return db.session.scalar(_completions_in(unit_id, period).with_only_columns(
        func.count(distinct(CourseCompletion.cadre_id))))
