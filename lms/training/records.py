"""Every completed training as one selectable: online course completions and in-person
attendance, each row (cadre_id, track, hours, done_on, kind, title). Indicators, missing
lists and the API read trainings only through training_records()."""

from datetime import date

from sqlalchemy import func, literal, select, union, union_all

from lms.catalog.models import Course
from lms.learning.models import CourseCompletion
from lms.training.models import Attendance, TrainingSession


def training_records():
    """A subquery of all completed trainings: cadre_id, track, hours, done_on (a date), kind
    ('online' or 'in_person'), title."""
    online = (select(CourseCompletion.cadre_id.label("cadre_id"),
                     CourseCompletion.track.label("track"),
                     CourseCompletion.hours.label("hours"),
                     CourseCompletion.completed_on.label("done_on"),
                     literal("online").label("kind"),
                     Course.title.label("title"))
              .join(Course, Course.id == CourseCompletion.course_id))
    in_person = (select(Attendance.cadre_id, TrainingSession.track, TrainingSession.hours,
                        TrainingSession.held_on, literal("in_person"), TrainingSession.title)
                 .join(TrainingSession, TrainingSession.id == Attendance.session_id))
    return union_all(online, in_person).subquery("training_record")


def _online(cadre_id, start, end, track):
    query = select(CourseCompletion.id).where(
        CourseCompletion.cadre_id == cadre_id,
        CourseCompletion.completed_on >= start, CourseCompletion.completed_on <= end)
    return query.where(CourseCompletion.track == track) if track else query


def _in_person(cadre_id, start, end, track):
    query = (select(Attendance.id)
             .join(TrainingSession, TrainingSession.id == Attendance.session_id)
             .where(Attendance.cadre_id == cadre_id,
                    TrainingSession.held_on >= start, TrainingSession.held_on <= end))
    return query.where(TrainingSession.track == track) if track else query


def dated_hours(cadre_id, start, end, track=None):
    """A UNION ALL of (done_on, hours): the cadre's trainings (of `track`) dated start..end,
    online and in person; `cadre_id` is a column of the enclosing query, which they
    correlate to even as a subquery in FROM."""
    online = (_online(cadre_id, start, end, track)
              .with_only_columns(CourseCompletion.completed_on.label("done_on"),
                                 CourseCompletion.hours.label("hours"))
              .correlate_except(CourseCompletion))
    in_person = (_in_person(cadre_id, start, end, track)
                 .with_only_columns(TrainingSession.held_on, TrainingSession.hours)
                 .correlate_except(Attendance, TrainingSession))
    return union_all(online, in_person)


def has_training(cadre_id, start, end, track=None):
    """SQL condition: the cadre (a column, e.g. Cadre.id) completed a training (of `track`)
    dated start..end, online or in person.

    A per-cadre probe of the (cadre_id, ...) indexes: its cost follows the number of cadres
    asked about, so a small unit's report stays small while the city's stays one statement.
    Written as "first matching row, if any" rather than EXISTS: PostgreSQL may turn an
    EXISTS into a hash of every matching training of the term, built even when the
    condition sits behind a CASE that asks it for a tenth of the cadres.
    """
    online = _online(cadre_id, start, end, track).limit(1).scalar_subquery()
    in_person = _in_person(cadre_id, start, end, track).limit(1).scalar_subquery()
    return func.coalesce(online, in_person).is_not(None)


def training_hours(cadre_id, start, end, track=None):
    """SQL expression: the hours of the cadre's trainings (of `track`) dated start..end."""
    online = (select(func.coalesce(func.sum(CourseCompletion.hours), 0))
              .where(CourseCompletion.cadre_id == cadre_id,
                     CourseCompletion.completed_on >= start,
                     CourseCompletion.completed_on <= end))
    in_person = (select(func.coalesce(func.sum(TrainingSession.hours), 0))
                 .join(Attendance, Attendance.session_id == TrainingSession.id)
                 .where(Attendance.cadre_id == cadre_id, TrainingSession.held_on >= start,
                        TrainingSession.held_on <= end))
    if track:
        online = online.where(CourseCompletion.track == track)
        in_person = in_person.where(TrainingSession.track == track)
    return online.scalar_subquery() + in_person.scalar_subquery()


def _dated_selects(start, end):
    """The two SELECTs of (cadre_id, hours, done_on), online and in person, of every
    training dated start..end, read through the date indexes."""
    online = select(CourseCompletion.cadre_id.label("cadre_id"),
                    CourseCompletion.hours.label("hours"),
                    CourseCompletion.completed_on.label("done_on")).where(
        CourseCompletion.completed_on >= start, CourseCompletion.completed_on <= end)
    in_person = (select(Attendance.cadre_id, TrainingSession.hours, TrainingSession.held_on)
                 .join(TrainingSession, TrainingSession.id == Attendance.session_id)
                 .where(TrainingSession.held_on >= start, TrainingSession.held_on <= end))
    return online, in_person


def _dated_trainings(start, end):
    """A UNION ALL of (cadre_id, hours, done_on) of every training dated start..end."""
    return union_all(*_dated_selects(start, end)).subquery("dated_training")


def cadres_trained_between(start, end, min_hours=None, union_of_ids=False):
    """A SELECT of cadre_id, once each, of the cadres with a training dated start..end (with
    at least `min_hours` hours in all, when given): one grouped pass over the period's
    trainings, for reports that cover most cadres. Reports join it (LEFT JOIN ... IS NOT
    NULL) rather than ask `cadre.id IN (...)`: PostgreSQL answers a large IN inside a CASE
    with a hashed subplan only while the set fits in work_mem, and past that rescans the set
    for every cadre; a join spills to disk in batches and stays linear.

    Without `min_hours` only the ids are read, from the date indexes alone. `union_of_ids`
    (for PostgreSQL) takes their UNION, which its planner counts as all the rows: it has no
    statistics for a grouping of a UNION ALL and guesses 200 groups, so it plans the join for
    a small set and spills it at run time. SQLite groups them: its UNION puts every row in a
    temporary B-tree in the order the dates give, at a million cadres five times the sort of
    the same rows (bench-reports)."""
    if min_hours is None:
        online, in_person = _dated_selects(start, end)
        ids = (online.with_only_columns(CourseCompletion.cadre_id.label("cadre_id")),
               in_person.with_only_columns(Attendance.cadre_id))
        if union_of_ids:
            return union(*ids)
        dated = union_all(*ids).subquery("dated_cadre")
        return select(dated.c.cadre_id).group_by(dated.c.cadre_id)
    dated = _dated_trainings(start, end)
    return (select(dated.c.cadre_id).group_by(dated.c.cadre_id)
            .having(func.sum(dated.c.hours) >= literal(float(min_hours))))


def cadre_training_years(first_year, last_year, min_hours=None):
    """A SELECT of (cadre_id, year), once each, of the cadres with a training in each calendar
    year first_year..last_year (with at least `min_hours` hours that year, when given): one
    grouped pass over those years' trainings, for year-by-year charts."""
    dated = _dated_trainings(date(first_year, 1, 1), date(last_year, 12, 31))
    year = func.extract("year", dated.c.done_on)
    query = (select(dated.c.cadre_id, year.label("year"))
             .group_by(dated.c.cadre_id, year))
    if min_hours is not None:
        query = query.having(func.sum(dated.c.hours) >= literal(float(min_hours)))
    return query
