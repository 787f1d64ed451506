"""Course completion rates on the unit tree: enrolled, in progress, completed and overdue.

Counts are of active cadres' enrollments in their current cycle (an assignment's figures:
the enrollments it holds, whatever their cycle), each cadre counted under her current unit, so the
figures follow the same denominators as the indicators. Every table is one GROUP BY over the
closure table. No request or current_user here: callers pass ids and today's date in Vietnam.
"""

from dataclasses import dataclass, fields

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from lms.catalog.models import Course
from lms.extensions import db
from lms.learning.models import Assignment, Enrollment
from lms.learning.queries import is_current_enrollment
from lms.org.models import Cadre, Unit, UnitClosure
from lms.org.queries import subtree_ids


@dataclass(frozen=True)
class CompletionFigures:
    """Enrollments split three ways: in progress + completed + overdue = enrolled."""

    enrolled: int = 0
    in_progress: int = 0
    completed: int = 0
    overdue: int = 0

    @property
    def rate(self):
        """Completed as a percentage of enrolled, one decimal; None when nobody enrolled."""
        if not self.enrolled:
            return None
        return round(100 * self.completed / self.enrolled, 1)

    def __add__(self, other):
        return CompletionFigures(*(getattr(self, f.name) + getattr(other, f.name)
                                   for f in fields(self)))

    def to_dict(self):
        return {"enrolled": self.enrolled, "in_progress": self.in_progress,
                "completed": self.completed, "overdue": self.overdue, "rate": self.rate}


@dataclass
class CompletionTable:
    """One course's figures for a unit's subtree (`total`) and for each child unit's subtree.

    `unit` is None for the top level across all units (a trainer's view): `children` are
    then the root units' children and `total` covers every unit."""

    unit: Unit | None
    total: CompletionFigures
    children: list[tuple[Unit, CompletionFigures]]


def _figure_columns(today):
    """enrolled, in_progress, completed, overdue as aggregates over Enrollment rows."""
    open_ = Enrollment.completed_at.is_(None)
    late = and_(open_, Enrollment.due_date < today)
    on_time = and_(open_, or_(Enrollment.due_date.is_(None), Enrollment.due_date >= today))
    return (func.count(Enrollment.id).label("enrolled"),
            func.sum(case((on_time, 1), else_=0)).label("in_progress"),
            func.count(Enrollment.completed_at).label("completed"),
            func.sum(case((late, 1), else_=0)).label("overdue"))


def _figures(enrolled, in_progress, completed, overdue):
    return CompletionFigures(int(enrolled or 0), int(in_progress or 0), int(completed or 0),
                             int(overdue or 0))


def get_course_completion(unit_id, today):
    """[(course_id, title, CompletionFigures)] of every course that active cadres of the
    unit's subtree are enrolled in, by title: one GROUP BY."""
    rows = db.session.execute(
        select(Course.id, Course.title, *_figure_columns(today))
        .select_from(Enrollment)
        .join(Cadre, Cadre.id == Enrollment.cadre_id)
        .join(Course, Course.id == Enrollment.course_id)
        .where(Cadre.unit_id.in_(subtree_ids(unit_id)), Cadre.is_active.is_(True),
               is_current_enrollment())
        .group_by(Course.id, Course.title)
        .order_by(Course.sort_title, Course.id))
    return [(course_id, title, _figures(*counts)) for course_id, title, *counts in rows]


def _shown_unit_ids(unit_id):
    """The unit and its direct children; for None, the roots and their children."""
    if unit_id is not None:
        return select(Unit.id).where(or_(Unit.id == unit_id, Unit.parent_id == unit_id))
    parent = aliased(Unit)
    return (select(Unit.id).outerjoin(parent, parent.id == Unit.parent_id)
            .where(or_(Unit.parent_id.is_(None), parent.parent_id.is_(None))))


def get_completion_by_unit(unit_id, course_id, today, assignment_id=None):
    """A CompletionTable of the course (only the assignment's enrollments when given) for
    the subtree of unit_id (None: all units), by child unit: one GROUP BY over the closure
    table, child units without enrollments included with zeros."""
    shown = _shown_unit_ids(unit_id)
    enrollments = (
        select(UnitClosure.ancestor_id.label("unit_id"), *_figure_columns(today))
        .select_from(Enrollment)
        .join(Cadre, Cadre.id == Enrollment.cadre_id)
        .join(UnitClosure, UnitClosure.descendant_id == Cadre.unit_id)
        .where(Enrollment.course_id == course_id, Cadre.is_active.is_(True),
               UnitClosure.ancestor_id.in_(shown))
        .group_by(UnitClosure.ancestor_id))
    if assignment_id is not None:
        enrollments = enrollments.where(Enrollment.assignment_id == assignment_id)
    else:
        enrollments = enrollments.where(is_current_enrollment())
    counts = enrollments.subquery()
    rows = db.session.execute(
        select(Unit, counts.c.enrolled, counts.c.in_progress, counts.c.completed,
               counts.c.overdue)
        .outerjoin(counts, counts.c.unit_id == Unit.id)
        .where(Unit.id.in_(shown))
        .order_by(Unit.is_active.desc(), Unit.sort_name, Unit.id))
    total = CompletionFigures()
    children = []
    for unit, *values in rows:
        figures = _figures(*values)
        is_top = unit.id == unit_id if unit_id is not None else unit.parent_id is None
        if is_top:
            # At the top level several roots may exist: their subtrees add up to everything.
            total += figures
        elif unit.is_active or figures.enrolled:
            children.append((unit, figures))
    return CompletionTable(db.session.get(Unit, unit_id) if unit_id is not None else None,
                           total, children)


def get_course_assignments(course_id, unit_id=None):
    """[(Assignment, unit name)] of the course that can enroll cadres of the unit's subtree
    (made for a unit inside it or above it; None: all), active ones first, newest first."""
    query = (select(Assignment, Unit.name)
             .join(Unit, Unit.id == Assignment.unit_id)
             .where(Assignment.course_id == course_id)
             .order_by(Assignment.withdrawn_at.is_not(None), Assignment.created_at.desc(),
                       Assignment.id.desc()))
    if unit_id is not None:
        above = select(UnitClosure.ancestor_id).where(UnitClosure.descendant_id == unit_id)
        query = query.where(or_(Assignment.unit_id.in_(subtree_ids(unit_id)),
                                Assignment.unit_id.in_(above)))
    return db.session.execute(query).all()
