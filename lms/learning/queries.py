"""Reads for learning: a cadre's courses and progress, lessons in order, assignments.

No request or current_user here: callers pass ids and today's date. A cadre's progress in a
course is that of her current cycle (her latest enrollment); earlier cycles are history.
"""

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from sqlalchemy import Integer, Row, and_, bindparam, case, exists, func, select
from sqlalchemy.orm import aliased, joinedload

from lms.catalog.models import Course, Lesson, Question
from lms.extensions import db
from lms.learning.models import (
    Assignment,
    Certificate,
    CourseCompletion,
    Enrollment,
    LessonProgress,
)
from lms.org.models import Unit
from lms.org.queries import subtree_ids
from lms.quizzes.queries import find_open_attempt, get_counting_result, get_settings


@dataclass
class CourseProgress:
    """One of a cadre's courses as her home page and progress page show it."""

    course_id: int
    slug: str
    title: str
    lessons_total: int
    lessons_done: int
    due_date: date | None
    completed_at: datetime | None
    certificate_code: str | None
    is_overdue: bool
    cycle: int = 0

    @property
    def is_completed(self):
        return self.completed_at is not None


def get_course(course_id):
    return db.session.get(Course, course_id)


def get_lesson(course_id, slug):
    """The course's lesson with this slug, unless it is archived, with its SCORM package
    loaded in the same query (the lesson page always asks for it)."""
    return db.session.scalar(
        select(Lesson).options(joinedload(Lesson.scorm_package)).where(
            Lesson.course_id == course_id, Lesson.slug == slug,
            Lesson.is_archived.is_(False)))


def get_lesson_outline(course_id):
    """(id, slug, title) of the course's lessons in reading order, archived ones left out."""
    # Titles only: the bodies of every lesson are not needed to draw previous/next links.
    return list(db.session.execute(
        select(Lesson.id, Lesson.slug, Lesson.title)
        .where(Lesson.course_id == course_id, Lesson.is_archived.is_(False))
        .order_by(Lesson.position, Lesson.id)))


def current_cycle_of(cadre_id, course_id):
    """SQL: the cycle of her latest enrollment in the course (NULL when not enrolled)."""
    return (select(func.max(Enrollment.cycle))
            .where(Enrollment.cadre_id == cadre_id, Enrollment.course_id == course_id)
            .scalar_subquery())


def is_current_enrollment():
    """SQL: the Enrollment row is its cadre's current cycle of the course (no later one)."""
    later = aliased(Enrollment)
    return ~exists().where(later.cadre_id == Enrollment.cadre_id,
                           later.course_id == Enrollment.course_id,
                           later.cycle > Enrollment.cycle)


def get_done_lesson_ids(cadre_id, course_id):
    """Ids of the course's lessons the cadre has finished in her current cycle."""
    return set(db.session.scalars(
        select(LessonProgress.lesson_id)
        .join(Lesson, Lesson.id == LessonProgress.lesson_id)
        .where(LessonProgress.cadre_id == cadre_id, Lesson.course_id == course_id,
               LessonProgress.cycle == current_cycle_of(cadre_id, course_id))))


def get_next_lesson_slug(cadre_id, course_id):
    """The slug of the first lesson she has not finished, or None when all are done."""
    done = exists().where(LessonProgress.lesson_id == Lesson.id,
                          LessonProgress.cadre_id == cadre_id,
                          LessonProgress.cycle == current_cycle_of(cadre_id, course_id))
    return db.session.scalar(
        select(Lesson.slug)
        .where(Lesson.course_id == course_id, Lesson.is_archived.is_(False), ~done)
        .order_by(Lesson.position, Lesson.id).limit(1))


def _lesson_counts(cadre_id, course_ids, cycle=None):
    """SELECT (course_id, total, done) per course in `course_ids`: its lessons, archived ones
    left out, and those the cadre finished in `cycle` (default: each course's current one)."""
    if cycle is None:
        cycle = current_cycle_of(cadre_id, Lesson.course_id)
    return (
        select(Lesson.course_id, func.count(Lesson.id).label("total"),
               func.count(LessonProgress.id).label("done"))
        .outerjoin(LessonProgress, and_(LessonProgress.lesson_id == Lesson.id,
                                        LessonProgress.cadre_id == cadre_id,
                                        LessonProgress.cycle == cycle))
        .where(Lesson.is_archived.is_(False), Lesson.course_id.in_(course_ids))
        .group_by(Lesson.course_id))


def count_lessons_done(cadre_id, course_id, cycle=None):
    """(lessons, lessons finished) of the course for the cadre in `cycle` (default: her
    current one), archived lessons left out."""
    row = db.session.execute(_lesson_counts(cadre_id, [course_id], cycle)).first()
    return (row.total, row.done) if row else (0, 0)


def course_has_quiz(course_id):
    return db.session.scalar(select(exists().where(
        Question.course_id == course_id, Question.is_archived.is_(False))))


def get_enrollment(cadre_id, course_id, cycle=None):
    """Her enrollment in the course for `cycle`, by default her current (latest) one."""
    query = select(Enrollment).where(Enrollment.cadre_id == cadre_id,
                                     Enrollment.course_id == course_id)
    if cycle is not None:
        return db.session.scalar(query.where(Enrollment.cycle == cycle))
    return db.session.scalar(query.order_by(Enrollment.cycle.desc()).limit(1))


def get_completion(cadre_id, course_id, cycle=None):
    """Her completion of the course in `cycle`, by default in her current cycle."""
    if cycle is None:
        cycle = current_cycle_of(cadre_id, course_id)
    return db.session.scalar(select(CourseCompletion).where(
        CourseCompletion.cadre_id == cadre_id, CourseCompletion.course_id == course_id,
        CourseCompletion.cycle == cycle))


def quiz_passed(cadre, course, cycle=None):
    """True once record_quiz_passed was called for her and this course in `cycle` (default:
    her current one)."""
    enrollment = get_enrollment(cadre.id, course.id, cycle)
    return enrollment is not None and enrollment.quiz_passed_at is not None


@dataclass
class PastCompletion:
    """One of her completions of a course, shown as history on the course page."""

    cycle: int
    completed_at: datetime
    hours: object
    certificate_code: str | None


def get_completion_history(cadre_id, course_id):
    """Her completions of the course, one per cycle, newest first; each keeps its own date,
    hours and certificate."""
    rows = db.session.execute(
        select(CourseCompletion.cycle, CourseCompletion.completed_at, CourseCompletion.hours,
               Certificate.code)
        .outerjoin(Certificate, and_(Certificate.completion_id == CourseCompletion.id,
                                     Certificate.is_revoked.is_(False)))
        .where(CourseCompletion.cadre_id == cadre_id, CourseCompletion.course_id == course_id)
        .order_by(CourseCompletion.cycle.desc()))
    return [PastCompletion(*row) for row in rows]


def can_take_again(enrollment, today):
    """Whether her current enrollment was completed in an earlier cycle than today's, so
    she may take the course again this year."""
    return (enrollment is not None and enrollment.completed_at is not None
            and enrollment.cycle < today.year)


def get_my_courses(cadre_id, today, course_id=None):
    """The cadre's courses with progress counts in one query: unfinished ones first by due
    date, then completed ones, newest first. `course_id` narrows it to one course."""
    one_course = course_id is not None
    rows = db.session.execute(_my_courses_query(one_course),
                              {"cadre_id": cadre_id, **({"course_id": course_id} if one_course
                                                        else {})})
    return [
        CourseProgress(*row[:8], is_overdue=row.completed_at is None and row.due_date is not None
                       and row.due_date < today, cycle=row.cycle)
        for row in rows]


@cache
def _my_courses_query(one_course):
    """The statement of get_my_courses, the cadre (and the course when `one_course`) bound
    when it runs: built once a process, since putting it together took longer than running
    it on every home page."""
    cadre_id = bindparam("cadre_id", type_=Integer)
    her_courses = select(Enrollment.course_id).where(Enrollment.cadre_id == cadre_id)
    counts = _lesson_counts(cadre_id, her_courses).subquery()
    is_done = CourseCompletion.id.is_not(None)
    query = (
        select(Course.id, Course.slug, Course.title,
               func.coalesce(counts.c.total, 0), func.coalesce(counts.c.done, 0),
               Enrollment.due_date, CourseCompletion.completed_at, Certificate.code,
               Enrollment.cycle)
        .select_from(Enrollment)
        .join(Course, Course.id == Enrollment.course_id)
        .outerjoin(counts, counts.c.course_id == Enrollment.course_id)
        .outerjoin(CourseCompletion, and_(CourseCompletion.cadre_id == Enrollment.cadre_id,
                                          CourseCompletion.course_id == Enrollment.course_id,
                                          CourseCompletion.cycle == Enrollment.cycle))
        .outerjoin(Certificate, and_(Certificate.completion_id == CourseCompletion.id,
                                     Certificate.is_revoked.is_(False)))
        .where(Enrollment.cadre_id == cadre_id, is_current_enrollment())
        .order_by(case((is_done, 1), else_=0), Enrollment.due_date.is_(None),
                  Enrollment.due_date, CourseCompletion.completed_at.desc(),
                  Enrollment.enrolled_at.desc(), Course.id))
    if one_course:
        query = query.where(Enrollment.course_id == bindparam("course_id", type_=Integer))
    return query


def get_course_progress(cadre_id, course_id, today):
    """Her progress in one course (a CourseProgress), or None when she is not enrolled."""
    rows = get_my_courses(cadre_id, today, course_id=course_id)
    return rows[0] if rows else None


@dataclass
class QuizStanding:
    """Her quiz in the current cycle, as the course page shows it: not taken yet, in
    progress (the open attempt), or the result that counts under the quiz's rule."""

    open_attempt_id: int | None
    percent: float | None
    passed: bool

    @property
    def is_taken(self):
        return self.percent is not None


@dataclass
class LearnerCourse:
    """Everything the course page shows a learner enrolled in it, for her current cycle."""

    progress: CourseProgress
    done_ids: set
    quiz: QuizStanding | None  # None: the course has no quiz

    @property
    def lessons_left(self):
        return self.progress.lessons_total - self.progress.lessons_done

    @property
    def next_step(self):
        """What she does next: "lessons", "quiz" or None once the course is complete."""
        if self.progress.is_completed:
            return None
        if self.lessons_left > 0:
            return "lessons"
        return "quiz" if self.quiz is not None and not self.quiz.passed else None


def get_learner_course(cadre_id, course_id, today):
    """Her LearnerCourse in the course, or None when she is not enrolled in it."""
    progress = get_course_progress(cadre_id, course_id, today)
    if progress is None:
        return None
    quiz = None
    if course_has_quiz(course_id):
        counting = get_counting_result(cadre_id, course_id, get_settings(course_id).counting_rule,
                                       progress.cycle)
        open_attempt = find_open_attempt(cadre_id, course_id, progress.cycle)
        # Passed once is passed (the enrollment notes the first pass), whatever came after.
        enrollment = get_enrollment(cadre_id, course_id, progress.cycle)
        quiz = QuizStanding(open_attempt_id=open_attempt.id if open_attempt else None,
                            percent=counting.percent if counting else None,
                            passed=enrollment.quiz_passed_at is not None)
    return LearnerCourse(progress=progress, done_ids=get_done_lesson_ids(cadre_id, course_id),
                         quiz=quiz)


def get_published_courses():
    """(id, title) of the courses that can be assigned or enrolled in, by title."""
    return list(db.session.execute(
        select(Course.id, Course.title).where(Course.is_published.is_(True))
        .order_by(Course.sort_title, Course.id)))


def get_assignment(assignment_id):
    return db.session.get(Assignment, assignment_id)


@dataclass
class AssignmentRow:
    """An assignment with the counts the organizer follows it by."""

    assignment: Assignment
    course_title: str
    unit_name: str
    enrolled: int
    completed: int


def get_assignments(scope_root_id):
    """Assignments whose unit lies in the subtree of scope_root_id (None: all), active ones
    first, each with its enrolled and completed counts from one GROUP BY."""
    query = (
        select(Assignment, Course.title, Unit.name, func.count(Enrollment.id),
               func.count(Enrollment.completed_at))
        .join(Course, Course.id == Assignment.course_id)
        .join(Unit, Unit.id == Assignment.unit_id)
        .outerjoin(Enrollment, Enrollment.assignment_id == Assignment.id)
        # Grouping by the primary key lets PostgreSQL select all of the assignment's columns.
        .group_by(Assignment.id, Course.title, Unit.name)
        .order_by(Assignment.withdrawn_at.is_not(None), Assignment.created_at.desc(),
                  Assignment.id.desc()))
    if scope_root_id is not None:
        query = query.where(Assignment.unit_id.in_(subtree_ids(scope_root_id)))
    return [AssignmentRow(*row) for row in db.session.execute(query)]


@dataclass
class LessonPage:
    """A lesson with its place in the course: n of N, its neighbours, whether she did it."""

    lesson: Lesson
    number: int
    total: int
    previous: Row | None
    next: Row | None
    is_done: bool


def get_lesson_page(cadre_id, lesson):
    """The LessonPage of a (non-archived) lesson as the cadre sees it."""
    outline = get_lesson_outline(lesson.course_id)
    index = next(i for i, row in enumerate(outline) if row.id == lesson.id)
    is_done = db.session.scalar(select(exists().where(
        LessonProgress.cadre_id == cadre_id, LessonProgress.lesson_id == lesson.id,
        LessonProgress.cycle == current_cycle_of(cadre_id, lesson.course_id))))
    return LessonPage(lesson=lesson, number=index + 1, total=len(outline),
                      previous=outline[index - 1] if index > 0 else None,
                      next=outline[index + 1] if index + 1 < len(outline) else None,
                      is_done=is_done)
