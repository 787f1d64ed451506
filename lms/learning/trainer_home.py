"""Reads for the trainer's home: her courses with their learners, completions and latest quiz
results, in one statement whatever the number of courses.

Learners are counted whoever they are now (a cadre who has left still took the course); the
organizers' completion report counts active cadres under a unit instead.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Integer, and_, case, func, select

from lms.catalog.models import Course, Question
from lms.extensions import db
from lms.learning.models import Enrollment
from lms.quizzes.models import AttemptResult, QuizAttempt

# "Latest results": the attempts submitted in this many days.
RECENT_DAYS = 30


def _share(part, whole):
    """part as a percentage of whole, one decimal; None when whole is 0."""
    return round(100 * part / whole, 1) if whole else None


@dataclass(frozen=True)
class TaughtCourse:
    """One course of a trainer with its figures; `year` is this year's cycle."""

    id: int
    slug: str
    title: str
    is_published: bool
    questions: int
    enrolled_year: int
    completed_year: int
    learners: int          # distinct cadres over every cycle
    enrollments: int       # every cycle: a cadre taking it again counts again
    completions: int
    recent_attempts: int
    recent_average: float | None
    recent_passed: int
    last_attempt_at: datetime | None

    @property
    def rate_year(self):
        return _share(self.completed_year, self.enrolled_year)

    @property
    def rate_all(self):
        return _share(self.completions, self.enrollments)

    @property
    def recent_pass_rate(self):
        return _share(self.recent_passed, self.recent_attempts)


def get_taught_courses(user, year, now):
    """[TaughtCourse] of the courses `user` may edit (an admin: all), by title: enrollments of
    cycle `year` and of all cycles, completions, and the graded attempts submitted in the
    RECENT_DAYS before `now` (naive UTC). One statement: two grouped subqueries."""
    mine = select(Course.id)
    if not user.is_admin:
        mine = mine.where(Course.owner_id == user.id)
    this_year = Enrollment.cycle == year
    enrollments = (
        select(Enrollment.course_id,
               func.sum(case((this_year, 1), else_=0)).label("enrolled_year"),
               func.sum(case((and_(this_year, Enrollment.completed_at.is_not(None)), 1),
                             else_=0)).label("completed_year"),
               func.count(Enrollment.cadre_id.distinct()).label("learners"),
               func.count().label("enrollments"),
               func.count(Enrollment.completed_at).label("completions"))
        .where(Enrollment.course_id.in_(mine))
        .group_by(Enrollment.course_id).subquery())
    recent = QuizAttempt.submitted_at >= now - timedelta(days=RECENT_DAYS)
    attempts = (
        select(QuizAttempt.course_id,
               func.sum(case((recent, 1), else_=0)).label("attempts"),
               func.avg(case((recent, AttemptResult.percent))).label("average"),
               func.sum(case((and_(recent, AttemptResult.passed.is_(True)), 1), else_=0))
               .label("passed"),
               func.max(QuizAttempt.submitted_at).label("last_at"))
        .join(AttemptResult, AttemptResult.attempt_id == QuizAttempt.id)
        .where(QuizAttempt.course_id.in_(mine))
        .group_by(QuizAttempt.course_id).subquery())
    questions = (select(func.count(Question.id))
                 .where(Question.course_id == Course.id, Question.is_archived.is_(False))
                 .correlate(Course).scalar_subquery())

    def zero(column):
        return func.coalesce(column, 0).cast(Integer)

    query = (
        select(Course.id, Course.slug, Course.title, Course.is_published, questions,
               zero(enrollments.c.enrolled_year), zero(enrollments.c.completed_year),
               zero(enrollments.c.learners), zero(enrollments.c.enrollments),
               zero(enrollments.c.completions), zero(attempts.c.attempts),
               attempts.c.average, zero(attempts.c.passed), attempts.c.last_at)
        .outerjoin(enrollments, enrollments.c.course_id == Course.id)
        .outerjoin(attempts, attempts.c.course_id == Course.id)
        .where(Course.id.in_(mine))
        .order_by(Course.title, Course.id))
    return [TaughtCourse(*row[:11], round(float(row[11]), 1) if row[11] is not None else None,
                         *row[12:])
            for row in db.session.execute(query)]
