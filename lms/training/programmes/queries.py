"""Reads for programmes: which programmes a user or cadre sees, and each cadre's status.

Statuses are computed when read, never stored, so a cadre who joins the unit (or moves into
it, or gains a flag) later enters the programme by herself, and one who leaves drops out.

Who a programme applies to: the active cadres whose unit (now) lies in the subtree of the
programme's unit and who have every flag the programme is limited to.

A requirement is met by training dated in the programme's year (1/1 to 31/12) and not after
the day the status is taken on (so a status on 30/06 read in December leaves out the
training of July to December):
  - a given course: a completion of it dated in the year;
  - one course out of a list: a completion of any of them dated in the year;
  - N hours in a track: the hours of the year's online completions and in-person
    attendances of that track (any track when none is set), counted by training_records'
    rules, add up to at least N.
A completion from an earlier year does not meet this year's requirement.

A cadre's status on day `today`, exactly (the first that holds):
  - done: every requirement is met;
  - overdue: not done and today is after the due date;
  - due soon: not done and the due date is within 14 days (today .. due date + 0);
  - on track: not done, not due soon, and some training counts toward it this year (a
    requirement met, or some hours toward an hours requirement);
  - not started: none of the above.

Each figure is one set-based statement over the subtree (a correlated probe per cadre of
the (cadre_id, ...) indexes, as the indicators do), never a statement per cadre.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, and_, case, func, literal, or_, select, true
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from lms.catalog.models import TRACK_LABELS
from lms.core.decimals import format_decimal
from lms.core.sql import greatest
from lms.extensions import db
from lms.learning.certificates.codes import is_programme_code, normalise_code
from lms.learning.models import CourseCompletion
from lms.learning.services import ASSIGNMENT_FLAGS
from lms.org.models import Cadre, Unit, UnitClosure
from lms.org.queries import subtree_ids, unit_name_at, ward_name_of
from lms.org.scope import is_unit_in_scope
from lms.training.programmes.models import Programme, ProgrammeCompletion, ProgrammeRequirement
from lms.training.records import dated_hours, training_hours

STATUSES = ("done", "on_track", "due_soon", "overdue", "not_started")
STATUS_LABELS = {
    "done": _l("Completed"),
    "on_track": _l("On track"),
    "due_soon": _l("Due soon"),
    "overdue": _l("Overdue"),
    "not_started": _l("Not started"),
}
DUE_SOON_DAYS = 14


def year_bounds(year):
    """The first and last day of `year`."""
    return date(year, 1, 1), date(year, 12, 31)


# --- which programmes --------------------------------------------------------------------

def get_programme(programme_id):
    return db.session.get(Programme, programme_id)


def get_requirement(requirement_id):
    return db.session.get(ProgrammeRequirement, requirement_id)


@dataclass
class ProgrammeAccess:
    """A programme as an organizer may use it: she edits those of her subtree, and only
    follows (her part of) the published ones of the units above."""

    programme: Programme
    can_edit: bool


def get_programme_access(scope_root_id, programme_id):
    """The ProgrammeAccess of the organizer whose scope is scope_root_id (None: an admin);
    None when the programme is missing or none of her business."""
    programme = get_programme(programme_id)
    if programme is None:
        return None
    if is_unit_in_scope(scope_root_id, programme.unit_id):
        return ProgrammeAccess(programme, True)
    # A unit above hers: its published programme applies to her subtree.
    if (scope_root_id is not None and not programme.is_draft
            and is_unit_in_scope(programme.unit_id, scope_root_id)):
        return ProgrammeAccess(programme, False)
    return None


def get_programmes(scope_root_id):
    """(Programme, unit name, can_edit) of the programmes an organizer sees: every one of her
    subtree, and the published ones of the units above her; the latest year first."""
    query = (select(Programme, Unit.name).join(Unit, Unit.id == Programme.unit_id)
             .order_by(Programme.year.desc(), Programme.due_date, Programme.title,
                       Programme.id))
    if scope_root_id is None:
        return [(programme, name, True) for programme, name in db.session.execute(query)]
    below = Programme.unit_id.in_(subtree_ids(scope_root_id))
    above = and_(Programme.status == "published", Programme.unit_id.in_(
        select(UnitClosure.ancestor_id).where(UnitClosure.descendant_id == scope_root_id)))
    rows = db.session.execute(query.add_columns(below.label("can_edit"))
                              .where(or_(below, above)))
    return [(programme, name, bool(can_edit)) for programme, name, can_edit in rows]


# Load a programme's requirements and their courses with it (two more statements in all).
_WITH_REQUIREMENTS = (selectinload(Programme.requirements)
                      .selectinload(ProgrammeRequirement.courses),)


def _applying_to(unit_id, year):
    """A SELECT of the published programmes of `year` that apply to the unit: its own and
    those of the units above it, by due date, the highest issuer first; requirements and
    their courses loaded with them."""
    return (select(Programme)
            .join(UnitClosure, and_(UnitClosure.ancestor_id == Programme.unit_id,
                                    UnitClosure.descendant_id == unit_id))
            .where(Programme.status == "published", Programme.year == year)
            .order_by(Programme.due_date, UnitClosure.distance.desc(), Programme.id)
            .options(*_WITH_REQUIREMENTS))


def get_unit_programmes(unit_id, year):
    """The published programmes of `year` that apply to the unit (see _applying_to), each
    with its issuing unit: three statements, whatever their number."""
    return list(db.session.scalars(
        _applying_to(unit_id, year).options(joinedload(Programme.unit))))


def get_rolled_over(programme_id):
    """The programme rolled over from this one, if any."""
    return db.session.scalar(select(Programme).where(Programme.rolled_from_id == programme_id)
                             .order_by(Programme.id).limit(1))


# --- statuses ----------------------------------------------------------------------------

def _in_programme(programme):
    """Conditions on Cadre: the cadres the programme applies to (flags, active)."""
    conditions = [Cadre.is_active.is_(True), Cadre.unit_id.in_(subtree_ids(programme.unit_id))]
    for only, flag in ASSIGNMENT_FLAGS.items():
        if getattr(programme, only):
            conditions.append(getattr(Cadre, flag).is_(True))
    return conditions


def _requirement_column(requirement, year, today):
    """Per cadre: for a course requirement, the id of a completion that meets it (NULL if
    none); for an hours requirement, the hours counted toward it, by `today`."""
    start, end = year_bounds(year)
    end = min(end, today)
    if requirement.kind == "hours":
        return training_hours(Cadre.id, start, end, requirement.track or None)
    course_ids = [course.id for course in requirement.courses] or [0]
    # "First matching row, if any", as records.has_training probes: a direct index seek.
    return (select(CourseCompletion.id)
            .where(CourseCompletion.cadre_id == Cadre.id,
                   CourseCompletion.course_id.in_(course_ids),
                   CourseCompletion.completed_on >= start, CourseCompletion.completed_on <= end)
            .limit(1).scalar_subquery())


def _met(requirement, column):
    if requirement.kind == "hours":
        return column >= (requirement.hours or Decimal(0))
    return column.is_not(None)


def _status_expression(programme, columns, today):
    met = [_met(req, col) for req, col in zip(programme.requirements, columns, strict=True)]
    done = and_(*met) if met else true()
    if today > programme.due_date:
        return case((done, "done"), else_="overdue")
    if (programme.due_date - today).days <= DUE_SOON_DAYS:
        return case((done, "done"), else_="due_soon")
    progress = [*met, *(col > 0 for req, col in zip(programme.requirements, columns,
                                                   strict=True) if req.kind == "hours")]
    return case((done, "done"), (or_(*progress), "on_track"), else_="not_started")


def _statuses(programme, unit_id, today, cadre_id=None, cadre_ids=None):
    """A subquery, one row per cadre the programme applies to in subtree(unit_id) (only
    `cadre_id`, or those of `cadre_ids`, ids or a SELECT of them, when given): cadre_id,
    unit_id, status, and r0, r1, ... (each requirement's column, see _requirement_column)."""
    inner = (select(Cadre.id.label("cadre_id"), Cadre.unit_id.label("unit_id"),
                    *(_requirement_column(req, programme.year, today).label(f"r{i}")
                      for i, req in enumerate(programme.requirements)))
             .where(*_in_programme(programme)))
    if unit_id != programme.unit_id:
        inner = inner.where(Cadre.unit_id.in_(subtree_ids(unit_id)))
    if cadre_id is not None:
        inner = inner.where(Cadre.id == cadre_id)
    if cadre_ids is not None:
        inner = inner.where(Cadre.id.in_(cadre_ids))
    inner = inner.subquery("programme_cadre")
    columns = [inner.c[f"r{i}"] for i in range(len(programme.requirements))]
    status = _status_expression(programme, columns, today)
    return select(inner, status.label("status")).subquery("programme_status")


def _empty_counts():
    return {status: 0 for status in STATUSES}


@dataclass
class StatusCounts:
    unit: Unit
    counts: dict

    @property
    def total(self):
        return sum(self.counts.values())


@dataclass
class ProgrammeReport:
    """The programme's status counts in a unit and in each of its direct children."""

    programme: Programme
    unit: Unit
    today: date
    total: StatusCounts
    children: list


def count_statuses(programme, unit_ids, today, root_id=None):
    """{unit id: {status: cadres}} of each unit's subtree, for units in the programme's
    subtree (or in subtree(root_id), a unit above them all): one GROUP BY for all of them."""
    statuses = _statuses(programme, root_id or programme.unit_id, today)
    groups = {unit_id: _empty_counts() for unit_id in unit_ids}
    # Counted per unit first, so each cadre's status is worked out once, not once per
    # ancestor it is counted under (the city and a child: twice the work on a city report).
    per_unit = (select(statuses.c.unit_id, statuses.c.status, func.count().label("n"))
                .group_by(statuses.c.unit_id, statuses.c.status).subquery("per_unit"))
    rows = db.session.execute(
        select(UnitClosure.ancestor_id, per_unit.c.status, func.sum(per_unit.c.n))
        .join(per_unit, per_unit.c.unit_id == UnitClosure.descendant_id)
        .where(UnitClosure.ancestor_id.in_(list(groups)))
        .group_by(UnitClosure.ancestor_id, per_unit.c.status))
    for ancestor_id, status, count in rows:
        groups[ancestor_id][status] = int(count)
    return groups


def get_programme_report(programme, unit, today):
    """The ProgrammeReport of `unit` (in the programme's subtree): one GROUP BY for the unit
    and its children, one SELECT of the children."""
    children = list(db.session.scalars(select(Unit).where(Unit.parent_id == unit.id)
                                       .order_by(Unit.sort_name, Unit.id)))
    groups = count_statuses(programme, [unit.id, *(child.id for child in children)], today,
                            root_id=unit.id)
    return ProgrammeReport(programme, unit, today, StatusCounts(unit, groups[unit.id]),
                           [StatusCounts(child, groups[child.id]) for child in children])


def cadre_statuses(programme, today):
    """The statuses subquery of all the programme's cadres (cadre_id, unit_id, status, r0,
    r1, ...; see requirement_states and lacking_text), for a caller to join."""
    return _statuses(programme, programme.unit_id, today)


@dataclass
class RequirementState:
    """How far one cadre is with one requirement this year."""

    requirement: ProgrammeRequirement
    is_met: bool
    hours_done: Decimal | None = None

    @property
    def hours_left(self):
        if self.requirement.kind != "hours" or self.is_met:
            return None
        return (self.requirement.hours or Decimal(0)) - (self.hours_done or Decimal(0))


def requirement_states(programme, row):
    """The RequirementState of each requirement from a row of the statuses (r0, r1, ...)."""
    states = []
    for i, requirement in enumerate(programme.requirements):
        value = getattr(row, f"r{i}")
        if requirement.kind == "hours":
            done = Decimal(str(value or 0))
            states.append(RequirementState(requirement, done >= (requirement.hours or 0), done))
        else:
            states.append(RequirementState(requirement, value is not None))
    return states


def describe_requirement(requirement):
    """The requirement in words: "Complete X", "Complete one of: X, Y", "8 hours of T"."""
    if requirement.kind == "course":
        return _("Complete the course %(course)s",
                 course=", ".join(c.title for c in requirement.courses))
    if requirement.kind == "one_of":
        return _("Complete one of these courses: %(courses)s",
                 courses=", ".join(c.title for c in requirement.courses))
    track = TRACK_LABELS.get(requirement.track) if requirement.track else None
    if track:
        return _("At least %(hours)s hours of training in %(track)s, online or in person",
                 hours=format_decimal(requirement.hours), track=track)
    return _("At least %(hours)s hours of training, online or in person",
             hours=format_decimal(requirement.hours))


def describe_lack(state):
    """What the cadre still lacks for one requirement (None when it is met)."""
    if state.is_met:
        return None
    if state.requirement.kind == "hours":
        return _("%(left)s more hours: %(what)s", left=format_decimal(state.hours_left),
                 what=describe_requirement(state.requirement))
    return describe_requirement(state.requirement)


def programme_cadres_query(programme, unit_id, today, status=None):
    """A SELECT of (Cadre, unit name, statuses row columns...) of the programme's cadres in
    subtree(unit_id), by unit and name; only those with `status` when given."""
    statuses = _statuses(programme, unit_id, today)
    query = (select(Cadre, Unit.name.label("unit_name"), statuses)
             .join(statuses, statuses.c.cadre_id == Cadre.id)
             .join(Unit, Unit.id == Cadre.unit_id)
             .order_by(Unit.sort_name, Cadre.sort_name, Cadre.id))
    return query.where(statuses.c.status == status) if status else query


@dataclass
class CadreProgramme:
    """A programme as one cadre sees it on her home page, with the code of her programme
    certificate once she has it."""

    programme: Programme
    status: str
    states: list
    certificate_code: str | None = None

    @property
    def left(self):
        return [state for state in self.states if not state.is_met]


def get_programmes_due_between(first, last):
    """The published programmes due from `first` to `last`, with their requirements and
    courses (three statements however many)."""
    return db.session.scalars(
        select(Programme)
        .where(Programme.status == "published", Programme.due_date >= first,
               Programme.due_date <= last)
        .order_by(Programme.due_date, Programme.id).options(*_WITH_REQUIREMENTS)).all()


def get_programmes_by_unit(unit_ids, year):
    """{unit id: [Programme]} of the published programmes of `year` that apply to each unit:
    its own and those of the units above it, by due date, the highest unit first; loaded
    with their requirements and courses (three statements however many units)."""
    rows = db.session.execute(
        select(UnitClosure.descendant_id, Programme)
        .join(UnitClosure, UnitClosure.ancestor_id == Programme.unit_id)
        .where(UnitClosure.descendant_id.in_(list(unit_ids)),
               Programme.status == "published", Programme.year == year)
        .order_by(UnitClosure.descendant_id, Programme.due_date, UnitClosure.distance.desc(),
                  Programme.id).options(*_WITH_REQUIREMENTS))
    found = {unit_id: [] for unit_id in unit_ids}
    for unit_id, programme in rows:
        found[unit_id].append(programme)
    return found


def get_cadre_programmes(cadre, today, year=None):
    """The published programmes of `year` (this year) that apply to the cadre, by due date,
    each with her status and requirement states."""
    year = year or today.year
    if not cadre.is_active:
        return []
    query = _applying_to(cadre.unit_id, year)
    for only, flag in ASSIGNMENT_FLAGS.items():
        if not getattr(cadre, flag):
            query = query.where(getattr(Programme, only).is_(False))
    found = []
    for programme in db.session.scalars(query):
        # A few programmes a year: one small statement each, for her row alone.
        statuses = _statuses(programme, programme.unit_id, today, cadre_id=cadre.id)
        row = db.session.execute(select(statuses)).first()
        if row is not None:
            found.append(CadreProgramme(programme, row.status, requirement_states(programme, row)))
    if found:
        codes = dict(db.session.execute(
            select(ProgrammeCompletion.programme_id, ProgrammeCompletion.code)
            .where(ProgrammeCompletion.cadre_id == cadre.id,
                   ProgrammeCompletion.programme_id.in_([item.programme.id for item in found]),
                   ProgrammeCompletion.is_revoked.is_(False))).all())
        for item in found:
            item.certificate_code = codes.get(item.programme.id)
    return found


def lacking_text(programme, row):
    """What a row's cadre still lacks, requirement by requirement, as one line."""
    return "; ".join(filter(None, map(describe_lack, requirement_states(programme, row))))


PROGRAMME_SHEET = "Chuong trinh"


def count_programme_cadres(programme, unit_id, today, status=None):
    """How many rows programme_cadres_table would hold."""
    query = programme_cadres_query(programme, unit_id, today, status)
    return db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


def programme_cadres_table(programme, unit, today, status=None):
    """(titles, header, rows) of the programme's cadres in the unit's subtree (with `status`
    only when given), for the XLSX/CSV download; one statement."""
    titles = [_("%(title)s (%(year)s): %(unit)s", title=programme.title, year=programme.year,
                unit=unit.name),
              _("Due date: %(date)s · status on %(today)s", date=programme.due_date
                .strftime("%d/%m/%Y"), today=today.strftime("%d/%m/%Y"))]
    header = [_("Full name"), _("Code"), _("Unit"), _("Commune/ward union"), _("Position"),
              _("Phone number"), _("Status"), _("Still lacking")]
    query = programme_cadres_query(programme, unit.id, today, status).add_columns(
        ward_name_of(Cadre.unit_id).label("ward_name"))
    rows = [[row.Cadre.full_name, row.Cadre.code, row.unit_name, row.ward_name or "",
             row.Cadre.position or "", row.Cadre.phone or "", str(STATUS_LABELS[row.status]),
             lacking_text(programme, row)]
            for row in db.session.execute(query)]
    return titles, header, rows


# --- programme certificates ----------------------------------------------------------------

def _met_on(requirement, year, cadre_id):
    """SQL: the day the cadre (`cadre_id`, a column) met the requirement in `year`: her first
    completion that year of the course (or of one of the list); for hours, the day the
    running total of the year's hours of the track reached the number (the trainings of
    one day counted together). NULL while it is not met."""
    start, end = year_bounds(year)
    if requirement.kind != "hours":
        course_ids = [course.id for course in requirement.courses] or [0]
        return (select(func.min(CourseCompletion.completed_on))
                .where(CourseCompletion.cadre_id == cadre_id,
                       CourseCompletion.course_id.in_(course_ids),
                       CourseCompletion.completed_on >= start,
                       CourseCompletion.completed_on <= end)
                .scalar_subquery())
    trainings = dated_hours(cadre_id, start, end, requirement.track or None).subquery()
    running = select(trainings.c.done_on, func.sum(trainings.c.hours).over(
        order_by=trainings.c.done_on).label("total")).subquery()
    return (select(func.min(running.c.done_on))
            .where(running.c.total >= (requirement.hours or Decimal(0))).scalar_subquery())


def awardable_query(programme, today, cadre_ids=None):
    """A SELECT of (programme_id, cadre_id, completed_on): the cadres who have met every
    requirement of the programme and hold no certificate of it yet (only those of
    `cadre_ids`, ids or a SELECT of them, when given), over the same statuses as the
    report, so a certificate is issued exactly when the report says done.

    completed_on is the day the last requirement was met (see _met_on), worked out for
    these rows only; `today` where it cannot be (hours summed in floating point by SQLite
    may land a hair away from the report's sum).
    """
    statuses = _statuses(programme, programme.unit_id, today, cadre_ids=cadre_ids)
    met_on = [_met_on(req, programme.year, statuses.c.cadre_id)
              for req in programme.requirements]
    completed_on = literal(today, Date)
    if met_on:
        completed_on = func.coalesce(met_on[0] if len(met_on) == 1 else greatest(*met_on),
                                     completed_on)
    held = select(ProgrammeCompletion.id).where(
        ProgrammeCompletion.programme_id == programme.id,
        ProgrammeCompletion.cadre_id == statuses.c.cadre_id)
    return (select(literal(programme.id).label("programme_id"), statuses.c.cadre_id,
                   completed_on.label("completed_on"))
            .where(statuses.c.status == "done", ~held.exists()))


def get_programmes_for_cadres(cadre_ids, year):
    """The published programmes of `year` whose unit holds (now) the unit of one of these
    cadres (ids or a SELECT of them), requirements loaded."""
    units = (select(UnitClosure.ancestor_id)
             .join(Cadre, Cadre.unit_id == UnitClosure.descendant_id)
             .where(Cadre.id.in_(cadre_ids)))
    return list(db.session.scalars(
        select(Programme)
        .where(Programme.status == "published", Programme.year == year,
               Programme.unit_id.in_(units))
        .order_by(Programme.id)
        .options(selectinload(Programme.requirements)
                 .selectinload(ProgrammeRequirement.courses))))


def get_published_programmes(year):
    """Every published programme of `year`, requirements loaded."""
    return list(db.session.scalars(
        select(Programme).where(Programme.status == "published", Programme.year == year)
        .order_by(Programme.id)
        .options(selectinload(Programme.requirements)
                 .selectinload(ProgrammeRequirement.courses))))


def get_programme_certificate(code):
    """The programme certificate with this code (revoked or not) and the name of the unit
    the cadre belonged to when it was issued, or (None, None); its programme, the
    programme's unit and the cadre loaded."""
    row = db.session.execute(
        select(ProgrammeCompletion,
               unit_name_at(ProgrammeCompletion.cadre_id, ProgrammeCompletion.issued_at))
        .join(ProgrammeCompletion.cadre)
        .join(ProgrammeCompletion.programme)
        .join(Programme.unit)
        .where(ProgrammeCompletion.code == code)
        .options(contains_eager(ProgrammeCompletion.cadre),
                 contains_eager(ProgrammeCompletion.programme).contains_eager(Programme.unit))
    ).first()
    return tuple(row) if row else (None, None)


def get_valid_programme_certificate(code):
    """The programme certificate with this (typed) code unless it is missing or revoked."""
    code = normalise_code(code)
    if code is None or not is_programme_code(code):
        return None
    completion = get_programme_certificate(code)[0]
    return completion if completion is not None and not completion.is_revoked else None


def count_programme_certificates(programme_id, unit_id=None):
    """How many certificates of the programme are valid: all of them, or those of the
    cadres now in subtree(unit_id)."""
    query = select(func.count(ProgrammeCompletion.id)).where(
        ProgrammeCompletion.programme_id == programme_id,
        ProgrammeCompletion.is_revoked.is_(False))
    if unit_id is not None:
        query = query.join(Cadre, Cadre.id == ProgrammeCompletion.cadre_id).where(
            Cadre.unit_id.in_(subtree_ids(unit_id)))
    return db.session.scalar(query)
