"""Writes for learning: enrolling, finishing lessons, completing courses, assignments.

Each write that must happen once (an enrollment, a lesson's progress, a completion) relies
on its table's unique constraint: the insert runs in a savepoint and a duplicate, even one
committed by a concurrent request, is caught and the existing row used instead.

Enrollments, progress, quiz passes and completions belong to a cycle (a Vietnam year):
a cadre whose latest enrollment was completed in an earlier cycle takes the course again in
a new one (enroll_cadre), and the earlier cycle stays as history.

Assignments never create a second enrollment in a cycle. A cadre already enrolled when an assignment
reaches her (by her own choice, or by an assignment since withdrawn) is taken over by it:
the enrollment links to the assignment, so she counts in its figures, and gets its due date
only if she had none; a due date she already has is kept. Withdrawing an assignment clears
the due date of its unfinished enrollments, which stay with their progress.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import DateTime, and_, exists, func, literal, or_, select, update
from sqlalchemy.exc import IntegrityError

from lms.catalog.models import Course
from lms.core.audit import record_audit
from lms.core.clock import local_date, utcnow
from lms.core.cycles import cycle_of, vietnam_year
from lms.core.errors import DomainError
from lms.core.writes import insert_ignoring_duplicates
from lms.extensions import db
from lms.learning.models import Assignment, CourseCompletion, Enrollment, LessonProgress
from lms.learning.queries import (
    count_lessons_done,
    course_has_quiz,
    get_completion,
    get_enrollment,
    is_current_enrollment,
)
from lms.learning.signals import course_completed, courses_assigned
from lms.org.models import Cadre, UnitClosure
from lms.org.queries import subtree_ids

# An assignment flag and the cadre attribute it requires.
ASSIGNMENT_FLAGS = {
    "only_full_time": "is_full_time",
    "only_key_cadres": "is_key_cadre",
    "only_department_leaders": "is_department_leader",
    "only_chairs": "is_chair",
}


class LearningError(DomainError):
    """A refused learning action (message is user-facing)."""


class CourseNotOpen(LearningError):
    """The course is not published, so nobody can enroll in it or be assigned it."""

    def __init__(self):
        super().__init__(_l("This course is no longer published."), field="course_id")


class NotEnrolled(LearningError):
    """The cadre tried to make progress in a course she is not enrolled in."""

    def __init__(self):
        super().__init__(_l("Enroll in the course first to read its lessons."))


def _add_once(row):
    """Insert `row` in a savepoint; False (and nothing written) if its unique key exists."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        return False
    return True


def enroll_cadre(cadre, course, at=None, cycle=None):
    """Enroll the cadre in a published course for `cycle` (a year; default: the Vietnam
    year of `at`, itself default now) and return the Enrollment.

    Her current enrollment is returned as it is while it is unfinished, or of this cycle or
    a later one: enrolling again, or a double tap, changes nothing. When it was completed
    in an earlier cycle she takes the course again: a new enrollment of `cycle`, with fresh
    progress and quiz, while the earlier completion and certificate stay as history.
    """
    if not course.is_published:
        raise CourseNotOpen()
    return _ensure_enrollment(cadre, course, at, cycle)


def _ensure_enrollment(cadre, course, at=None, cycle=None):
    at = at or utcnow()
    cycle = cycle or cycle_of(at)
    current = get_enrollment(cadre.id, course.id)
    if current is not None and (current.completed_at is None or current.cycle >= cycle):
        return current
    enrollment = Enrollment(cadre_id=cadre.id, course_id=course.id, enrolled_at=at,
                            cycle=cycle)
    if _add_once(enrollment):
        return enrollment
    return get_enrollment(cadre.id, course.id, cycle)


def complete_lesson(cadre, lesson, at=None):
    """Record the lesson as finished (once) and complete the course if it was the last step;
    returns the course's CourseCompletion or None."""
    enrollment = get_enrollment(cadre.id, lesson.course_id)
    if enrollment is None:
        raise NotEnrolled()
    at = at or utcnow()
    _add_once(LessonProgress(cadre_id=cadre.id, lesson_id=lesson.id, completed_at=at,
                             cycle=enrollment.cycle))
    return complete_course_if_done(cadre, lesson.course, at, cycle=enrollment.cycle)


def record_quiz_passed(cadre, course, at=None, cycle=None):
    """Note that she passed the course's quiz in `cycle` (the attempt's; default: her
    current one; the first pass counts) and complete the course if every lesson is done;
    returns the CourseCompletion or None."""
    at = at or utcnow()
    enrollment = get_enrollment(cadre.id, course.id, cycle)
    if enrollment is None:
        # Passing the quiz is taking the course, whether or not she pressed "enroll".
        enrollment = _ensure_enrollment(cadre, course, at, cycle)
    if enrollment.quiz_passed_at is None:
        enrollment.quiz_passed_at = at
    return complete_course_if_done(cadre, course, at, cycle=enrollment.cycle)


def _requirements_met(cadre, course, cycle):
    total, done = count_lessons_done(cadre.id, course.id, cycle)
    if done < total:
        return False
    if not course_has_quiz(course.id):
        return True
    enrollment = get_enrollment(cadre.id, course.id, cycle)
    return enrollment is not None and enrollment.quiz_passed_at is not None


def complete_course_if_done(cadre, course, at=None, cycle=None):
    """The course's completion in `cycle` (default: her current one), written now if every
    lesson is done and the quiz (if any) passed; None while something is missing."""
    if cycle is None:
        enrollment = get_enrollment(cadre.id, course.id)
        if enrollment is None:
            return None
        cycle = enrollment.cycle
    existing = get_completion(cadre.id, course.id, cycle)
    if existing is not None:
        return existing
    if not _requirements_met(cadre, course, cycle):
        return None
    return record_completion(cadre, course, at or utcnow(), cycle=cycle)


def record_completion(cadre, course, at, cycle=None):
    """Write the CourseCompletion of `cycle` (default: her current enrollment's, else the
    year of `at`) once, close that enrollment and issue the certificate.

    A second call, or a concurrent one that lost the race, returns the existing completion
    and issues nothing.
    """
    if cycle is None:
        enrollment = get_enrollment(cadre.id, course.id)
        cycle = enrollment.cycle if enrollment is not None else cycle_of(at)
    # Track and hours are copied so that a later edit of the course keeps history intact.
    completion = CourseCompletion(cadre_id=cadre.id, course_id=course.id, track=course.track,
                                  hours=course.hours, completed_at=at,
                                  completed_on=local_date(at), cycle=cycle)
    if not _add_once(completion):
        return get_completion(cadre.id, course.id, cycle)
    db.session.execute(
        update(Enrollment)
        .where(Enrollment.cadre_id == cadre.id, Enrollment.course_id == course.id,
               Enrollment.cycle == cycle)
        .values(completed_at=at).execution_options(synchronize_session=False))
    from lms.learning.certificates.service import issue_certificate

    certificate = issue_certificate(completion)
    course_completed.send(completion=completion, certificate=certificate)
    return completion


def create_assignment(course, unit, due_date=None, actor=None, *, only_full_time=False,
                      only_key_cadres=False, only_department_leaders=False, only_chairs=False):
    """Assign a published course to a unit's subtree and enroll every matching active cadre
    at once; returns (assignment, number of cadres newly enrolled or taken over)."""
    if not course.is_published:
        raise CourseNotOpen()
    assignment = Assignment(course_id=course.id, unit_id=unit.id, due_date=due_date,
                            only_full_time=only_full_time, only_key_cadres=only_key_cadres,
                            only_department_leaders=only_department_leaders,
                            only_chairs=only_chairs, created_by_id=getattr(actor, "id", None),
                            created_at=utcnow())
    db.session.add(assignment)
    db.session.flush()
    count = _apply_assignments(assignment_id=assignment.id)
    record_audit(actor, "assignment.create", assignment, course=course.slug, unit=unit.code,
                 due_date=due_date.isoformat() if due_date else None, enrolled=count)
    return assignment, count


def withdraw_assignment(assignment, actor=None, at=None):
    """Withdraw an assignment: nobody else is enrolled by it and its deadline no longer
    applies, but enrollments and progress stay."""
    if not assignment.is_active:
        return assignment
    assignment.withdrawn_at = at or utcnow()
    # An order no longer in force must not keep marking her course "overdue".
    db.session.execute(
        update(Enrollment)
        .where(Enrollment.assignment_id == assignment.id, Enrollment.completed_at.is_(None))
        .values(due_date=None).execution_options(synchronize_session=False))
    record_audit(actor, "assignment.withdraw", assignment)
    return assignment


def sync_assignments(unit_id=None):
    """Enroll every active cadre of subtree(unit_id) (None: everywhere) whom an active
    assignment requires and who is not enrolled yet; returns how many were affected."""
    return _apply_assignments(unit_id=unit_id)


def _required_enrollments(unit_id=None, assignment_id=None):
    """One row (cadre_id, course_id, assignment_id, due_date, cycle) per cadre, course and
    cycle that active assignments require, an assignment requiring the cycle of the year it
    was made in: the oldest assignment and the earliest due date of the cycle win."""
    cycle = vietnam_year(Assignment.created_at)
    query = (
        select(Cadre.id.label("cadre_id"), Assignment.course_id.label("course_id"),
               func.min(Assignment.id).label("assignment_id"),
               func.min(Assignment.due_date).label("due_date"), cycle.label("cycle"))
        .select_from(Assignment)
        .join(Course, Course.id == Assignment.course_id)
        .join(UnitClosure, UnitClosure.ancestor_id == Assignment.unit_id)
        .join(Cadre, Cadre.unit_id == UnitClosure.descendant_id)
        .where(Assignment.withdrawn_at.is_(None), Course.is_published.is_(True),
               Cadre.is_active.is_(True),
               *(or_(getattr(Assignment, only).is_(False), getattr(Cadre, flag).is_(True))
                 for only, flag in ASSIGNMENT_FLAGS.items()))
        # Two assignments of one course and year for the same cadre make one enrollment.
        .group_by(Cadre.id, Assignment.course_id, cycle))
    if unit_id is not None:
        query = query.where(Cadre.unit_id.in_(subtree_ids(unit_id)))
    if assignment_id is not None:
        query = query.where(Assignment.id == assignment_id)
    return query


def _apply_assignments(unit_id=None, assignment_id=None):
    """Take over the enrollments no active assignment holds, then insert the missing ones,
    each in one set-based statement."""
    # Cadre changes the sender has not flushed yet must be visible to the SELECTs below.
    db.session.flush()
    taken_over = _take_over_enrollments(_required_enrollments(unit_id, assignment_id))
    inserted = _insert_enrollments(_required_enrollments(unit_id, assignment_id))
    if taken_over + inserted:
        courses_assigned.send(assignment_id=assignment_id, unit_id=unit_id)
    return taken_over + inserted


def _serving(required):
    """SQL: the enrollment serves the required row: it is of its cycle or a later one, or
    still unfinished (a course begun last year and finished now counts now)."""
    return and_(Enrollment.cadre_id == required.c.cadre_id,
                Enrollment.course_id == required.c.course_id,
                or_(Enrollment.cycle >= required.c.cycle, Enrollment.completed_at.is_(None)))


def _take_over_enrollments(required):
    """Link self-enrollments (and those of withdrawn assignments) to the assignment that now
    requires them; a due date they already have is kept, else the assignment's applies."""
    required = required.subquery()
    held = exists().where(Assignment.id == Enrollment.assignment_id,
                          Assignment.withdrawn_at.is_(None))
    result = db.session.execute(
        update(Enrollment)
        .where(_serving(required), is_current_enrollment(), ~held)
        .values(assignment_id=required.c.assignment_id,
                due_date=func.coalesce(Enrollment.due_date, required.c.due_date))
        .execution_options(synchronize_session=False))
    return result.rowcount


def _insert_enrollments(required):
    """INSERT ... SELECT the required enrollments that do not exist yet: none, or only
    completed ones of earlier cycles (she takes the course again in the new one)."""
    required = required.subquery()
    rows = (select(required.c.cadre_id, required.c.course_id, required.c.assignment_id,
                   required.c.due_date, required.c.cycle,
                   literal(utcnow(), DateTime).label("enrolled_at"))
            .where(~exists().where(_serving(required))))
    statement = insert_ignoring_duplicates(Enrollment).from_select(
        ["cadre_id", "course_id", "assignment_id", "due_date", "cycle", "enrolled_at"], rows)
    # SQLAlchemy keeps an INSERT's row count only when asked to.
    return db.session.execute(statement.execution_options(preserve_rowcount=True)).rowcount
