"""Reads for the organizers' weekly digest: when it is due, who has yet to get it, and each
unit's figures, read once per unit however many organizers it has.

The figure is the dashboard's (get_unit_report for the unit and this year), so the digest
and the dashboard never disagree; the overdue count is one grouped statement for all units.
Each of this year's published programmes that applies to a unit (its own, those of the
units above) adds its status counts, those of the programme's report: one grouped
statement per programme for all the units it applies to.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import String, cast, distinct, exists, func, literal, select

from lms.auth.models import RoleGrant, User
from lms.core.clock import local_datetime
from lms.extensions import db
from lms.learning.models import Enrollment
from lms.notifications.models import DigestSnapshot, Notification
from lms.org.models import Cadre, Unit, UnitClosure
from lms.reports.indicators.definitions import Figure, Period
from lms.reports.indicators.unit_report import get_unit_report
from lms.training.programmes.models import Programme
from lms.training.programmes.queries import count_statuses, get_programmes_by_unit

INDICATOR = "annual_training"
# The child units the digest names as furthest below the target.
FURTHEST = 3


@dataclass(frozen=True)
class DigestSlot:
    """This week's digest: its ISO week ("2026-W49"), last week's, and its Vietnam day."""

    week: str
    last_week: str
    day: date


def iso_week(day):
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def digest_slot(now, settings):
    """This week's slot when the digest is due at `now`: the admin's weekday, at or after her
    hour (Vietnam time), so an hour missed by the scheduler catches up later the same day;
    None at any other time."""
    local = local_datetime(now)
    if local.weekday() != settings.digest_weekday or local.hour < settings.digest_hour:
        return None
    return DigestSlot(iso_week(local.date()), iso_week(local.date() - timedelta(days=7)),
                      local.date())


def digest_key(unit_id, week):
    return f"digest:{unit_id}:{week}"


def get_digest_recipients(week):
    """(user_id, locale, unit_id) of each active account with an organizer grant on a unit
    that has not had this week's digest of that unit. Admins without a unit get none: the
    whole city is theirs on the dashboard, and the digest is an organizer's own subtree."""
    key = literal("digest:") + cast(RoleGrant.unit_id, String) + literal(f":{week}")
    had = exists().where(Notification.user_id == User.id, Notification.dedupe_key == key)
    return db.session.execute(
        select(User.id.label("user_id"), User.locale, RoleGrant.unit_id)
        .join(RoleGrant, RoleGrant.user_id == User.id)
        .where(RoleGrant.role == "organizer", RoleGrant.unit_id.is_not(None),
               User.is_active_account.is_(True), ~had)
        .order_by(RoleGrant.unit_id, User.id)).all()


@dataclass
class DigestFigures:
    unit: Unit
    period: Period
    #: The unit's annual_training figure, as on the dashboard.
    figure: Figure
    #: Percentage points since last week's digest; None when there is nothing to compare.
    change: Decimal | None
    #: (child unit, Figure) of the child units furthest below the target, the furthest first.
    furthest: list
    #: Active cadres of the subtree with an unfinished course past its due date.
    overdue: int
    #: ProgrammeLine of each of this year's programmes with cadres in the subtree.
    programmes: list = field(default_factory=list)


@dataclass(frozen=True)
class ProgrammeLine:
    """A programme's status counts in one unit's subtree, as its report counts them."""

    programme: Programme
    unit_id: int
    counts: dict

    @property
    def total(self):
        return sum(self.counts.values())


def get_programme_lines(unit_ids, today):
    """{unit id: [ProgrammeLine]} of the published programmes of today's year that apply to
    each unit and have cadres in its subtree; each programme counted once for all its
    units."""
    applying = get_programmes_by_unit(unit_ids, today.year)
    units_of = {}
    for unit_id, programmes in applying.items():
        for programme in programmes:
            units_of.setdefault(programme, []).append(unit_id)
    counts = {}
    for programme, units in units_of.items():
        # One unit: its subtree alone; several: the programme's whole subtree, read once.
        root_id = units[0] if len(units) == 1 else None
        for unit_id, unit_counts in count_statuses(programme, units, today, root_id).items():
            counts[programme.id, unit_id] = unit_counts
    lines = {}
    for unit_id, programmes in applying.items():
        unit_lines = [ProgrammeLine(programme, unit_id, counts[programme.id, unit_id])
                      for programme in programmes]
        lines[unit_id] = [line for line in unit_lines if line.total]
    return lines


def count_overdue_cadres(unit_ids, today):
    """{unit id: active cadres of its subtree with an unfinished enrollment due before
    `today`}, for all the units in one grouped statement."""
    rows = db.session.execute(
        select(UnitClosure.ancestor_id, func.count(distinct(Enrollment.cadre_id)))
        .select_from(Enrollment)
        .join(Cadre, Cadre.id == Enrollment.cadre_id)
        .join(UnitClosure, UnitClosure.descendant_id == Cadre.unit_id)
        .where(UnitClosure.ancestor_id.in_(list(unit_ids)), Enrollment.due_date < today,
               Enrollment.completed_at.is_(None), Cadre.is_active.is_(True))
        .group_by(UnitClosure.ancestor_id)).all()
    counts = dict.fromkeys(unit_ids, 0)
    counts.update(rows)
    return counts


def _snapshots(unit_ids, week):
    return {row.unit_id: row for row in db.session.scalars(
        select(DigestSnapshot).where(DigestSnapshot.week == week,
                                     DigestSnapshot.unit_id.in_(list(unit_ids))))}


def _change(figure, period, previous):
    if previous is None or previous.year != period.year:
        return None  # the first digest, or last week counted another year
    if figure.percent is None or previous.percent is None:
        return None
    return Decimal(str(figure.percent)) - Decimal(previous.percent)


def _furthest(children):
    below = [(child, figures[INDICATOR]) for child, figures in children
             if figures[INDICATOR].on_target is False]
    below.sort(key=lambda pair: (pair[1].percent, pair[0].sort_name))
    return below[:FURTHEST]


def get_digest_figures(unit_ids, today, last_week):
    """{unit id: DigestFigures} for this year's period on `today` (a Vietnam date), compared
    with the snapshots of `last_week`."""
    period = Period(today.year)
    overdue = count_overdue_cadres(unit_ids, today)
    programmes = get_programme_lines(unit_ids, today)
    previous = _snapshots(unit_ids, last_week)
    result = {}
    for unit_id in sorted(unit_ids):
        report = get_unit_report(unit_id, period)
        if report is None:
            continue
        figure = report.figures[INDICATOR]
        result[unit_id] = DigestFigures(report.unit, period, figure,
                                        _change(figure, period, previous.get(unit_id)),
                                        _furthest(report.children), overdue[unit_id],
                                        programmes[unit_id])
    return result
