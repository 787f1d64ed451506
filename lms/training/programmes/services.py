"""Writes for programmes: drafting, requirements, publishing, rolling over, deleting, and
the programme certificates.

Only a draft is edited: a published programme is what cadres and reports already follow.

A cadre who has met every requirement of a published programme gets its certificate
(ProgrammeCompletion), issued by award_certificates: one INSERT ... SELECT over the report's
statuses, so issuing follows exactly what the report calls done, and never a statement per
cadre. A certificate is issued once and then stays: a training removed or edited later, a
move out of the unit or a lost flag takes nothing back. Awarding runs on four paths, each
idempotent (a repeat adds nothing, and two at once skip each other's rows):
  - at once for the cadre whose course completion is recorded (the course_completed
    signal, lms/training/subscribers.py), and for the cadres whose attendance is recorded
    by hand, by QR check-in or by an import (lms/training/services.py, imports.py): the
    training a cadre has just finished is what usually completes a programme, and she
    should find her certificate on her home page straight away;
  - for the whole programme when it is published: cadres may have met it already with the
    year's earlier training;
  - hourly, for all of this year's published programmes (the periodic job in lms/tasks.py),
    for every other way a cadre can come to meet a programme without a training being
    recorded for her: moved into the unit, a flag gained, a session's hours edited.
"""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, DateTime, literal, select

from lms.catalog.course_files.format import TRACKS
from lms.catalog.models import Course
from lms.core.audit import record_audit
from lms.core.clock import local_today, utcnow
from lms.core.errors import DomainError
from lms.core.writes import insert_ignoring_duplicates
from lms.extensions import db
from lms.learning.certificates.codes import programme_code_sql
from lms.learning.services import ASSIGNMENT_FLAGS
from lms.training.programmes.models import Programme, ProgrammeCompletion, ProgrammeRequirement
from lms.training.programmes.queries import (
    awardable_query,
    get_programmes_for_cadres,
    get_published_programmes,
    get_rolled_over,
)


class ProgrammeError(DomainError):
    """A refused change to a programme (message is user-facing)."""


def _check_draft(programme):
    if not programme.is_draft:
        raise ProgrammeError(_l("A published programme can no longer be changed."))


def _check_dates(year, due_date):
    if not 2000 <= year <= 2100:
        raise ProgrammeError(_l("Enter a year between 2000 and 2100."), field="year")
    if due_date.year != year:
        raise ProgrammeError(_l("The due date must fall in the programme's year."),
                             field="due_date")


def create_programme(unit, year, title, due_date, actor=None, **flags):
    """A draft programme for the subtree of `unit`; flags are ASSIGNMENT_FLAGS names."""
    _check_dates(year, due_date)
    programme = Programme(unit_id=unit.id, year=year, title=title.strip(), due_date=due_date,
                          status="draft", created_by_id=getattr(actor, "id", None),
                          created_at=utcnow(),
                          **{name: bool(flags.get(name)) for name in ASSIGNMENT_FLAGS})
    db.session.add(programme)
    db.session.flush()
    record_audit(actor, "programme.create", programme, unit=unit.code, year=year)
    return programme


def update_programme(programme, year, title, due_date, actor=None, **flags):
    """Change a draft's title, year, due date and flags."""
    _check_draft(programme)
    _check_dates(year, due_date)
    programme.year, programme.title, programme.due_date = year, title.strip(), due_date
    for name in ASSIGNMENT_FLAGS:
        setattr(programme, name, bool(flags.get(name)))
    db.session.flush()
    record_audit(actor, "programme.update", programme)
    return programme


def add_requirement(programme, kind, course_ids=(), hours=None, track=None, actor=None):
    """Add a requirement at the end of a draft: one course ("course"), one of two or more
    ("one_of"), or hours > 0 in a track or any ("hours")."""
    _check_draft(programme)
    course_ids = list(dict.fromkeys(course_ids or ()))
    courses = list(db.session.scalars(select(Course).where(
        Course.id.in_(course_ids), Course.is_published.is_(True)))) if course_ids else []
    if kind == "course" and len(courses) != 1:
        raise ProgrammeError(_l("Choose one published course."), field="course_id")
    if kind == "one_of" and len(courses) < 2:
        raise ProgrammeError(_l("Choose at least two published courses."), field="course_ids")
    if kind == "hours":
        courses = []
        if hours is None or hours <= 0:
            raise ProgrammeError(_l("Enter a number of hours above 0."), field="hours")
        if track and track not in TRACKS:
            raise ProgrammeError(_l("Choose a track."), field="track")
    elif kind not in ("course", "one_of"):
        raise ProgrammeError(_l("Choose the kind of requirement."), field="kind")
    position = max((req.position for req in programme.requirements), default=0) + 1
    requirement = ProgrammeRequirement(kind=kind, position=position, courses=courses,
                                       hours=hours if kind == "hours" else None,
                                       track=(track or None) if kind == "hours" else None)
    programme.requirements.append(requirement)
    db.session.flush()
    record_audit(actor, "programme.add_requirement", programme, kind=kind)
    return requirement


def remove_requirement(requirement, actor=None):
    """Take a requirement off a draft."""
    programme = requirement.programme
    _check_draft(programme)
    programme.requirements.remove(requirement)
    db.session.flush()
    record_audit(actor, "programme.remove_requirement", programme)
    return programme


def publish_programme(programme, actor=None):
    """Publish a draft with at least one requirement: cadres see it, reports count it."""
    _check_draft(programme)
    if not programme.requirements:
        raise ProgrammeError(_l("Add at least one requirement before publishing."))
    programme.status = "published"
    db.session.flush()
    record_audit(actor, "programme.publish", programme)
    # Cadres who have met it already with the year's earlier training.
    award_certificates(programme)
    return programme


def _next_year(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return date(day.year + 1, 2, 28)


def roll_over_programme(programme, actor=None):
    """Copy a programme to the next year as a draft, its due date a year later, for the
    organizer to edit before publishing. Once per programme."""
    if get_rolled_over(programme.id) is not None:
        raise ProgrammeError(_l("This programme has already been rolled over."))
    copy = Programme(unit_id=programme.unit_id, year=programme.year + 1, title=programme.title,
                     due_date=_next_year(programme.due_date), status="draft",
                     created_by_id=getattr(actor, "id", None), created_at=utcnow(),
                     rolled_from_id=programme.id,
                     **{name: getattr(programme, name) for name in ASSIGNMENT_FLAGS})
    copy.requirements = [
        ProgrammeRequirement(kind=req.kind, position=req.position, hours=req.hours,
                             track=req.track, courses=list(req.courses))
        for req in programme.requirements]
    db.session.add(copy)
    db.session.flush()
    record_audit(actor, "programme.roll_over", copy, rolled_from=programme.id)
    return copy


def delete_programme(programme, actor=None):
    """Delete a draft (a published programme stays, for its reports)."""
    _check_draft(programme)
    record_audit(actor, "programme.delete", programme, title=programme.title)
    db.session.delete(programme)
    db.session.flush()


# --- programme certificates (see the module's docstring) ---------------------------------

AWARD_COLUMNS = ("programme_id", "cadre_id", "completed_on", "issued_at", "code", "is_revoked")


def award_certificates(programme, cadre_ids=None, today=None):
    """Issue the programme's certificate to every cadre who has met all its requirements
    and holds none yet (only those of `cadre_ids`, ids or a SELECT of them, when given);
    returns how many were issued. A draft issues none.

    One INSERT ... SELECT, each row's code drawn by the database. ON CONFLICT DO NOTHING
    lets two awards at once (a check-in and the hourly job) skip each other's rows instead
    of failing; it would also skip a row whose new code clashed with an existing one (one
    chance in 10^17 per pair), which the next award then issues with another code.
    """
    if programme.is_draft or not programme.requirements:
        return 0
    rows = awardable_query(programme, today or local_today(), cadre_ids).add_columns(
        literal(utcnow(), DateTime), programme_code_sql(), literal(False, Boolean))
    return db.session.execute(
        insert_ignoring_duplicates(ProgrammeCompletion).from_select(AWARD_COLUMNS, rows)
        .execution_options(preserve_rowcount=True)).rowcount


def award_certificates_for(cadre_ids, year, today=None):
    """After training dated in `year` was recorded for these cadres (ids or a SELECT of
    them): issue what they have earned in the published programmes of that year that apply
    to them; returns how many certificates were issued."""
    return sum(award_certificates(programme, cadre_ids, today)
               for programme in get_programmes_for_cadres(cadre_ids, year))


def award_year_certificates(year, today=None):
    """Issue what every cadre has earned in the published programmes of `year` (the hourly
    sweep); returns how many certificates were issued."""
    return sum(award_certificates(programme, today=today)
               for programme in get_published_programmes(year))
