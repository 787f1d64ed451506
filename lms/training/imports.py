"""Importing attendance: one row per attendee, sessions matched by their code.

Built on the organisation import package: the same reader (CSV with or without BOM, XLSX
or ODS, Vietnamese header aliases), the same cell errors and the same all-or-nothing report. Every
row is checked in Python first; only a fully good file is written, set-based. Importing the
same file again changes nothing. `scope_root_id` limits the units of the sessions and the
cadres who attended (None: anywhere, as for an admin). The caller commits on success and
rolls back on ImportRejected.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, insert, literal, select, update

from lms.catalog.course_files.format import TRACKS
from lms.core.audit import record_audit
from lms.core.decimals import format_count, format_decimal
from lms.core.spreadsheets import CellError, Column, ImportRejected, RowError, read_rows
from lms.core.text import fold_vietnamese
from lms.core.writes import insert_ignoring_duplicates
from lms.extensions import db
from lms.org.imports import cells
from lms.org.imports.common import ImportResult, Stopwatch, chunks, column_values, select_in
from lms.org.imports.samples import template_spreadsheet
from lms.org.models import Cadre, Unit
from lms.org.queries import subtree_ids
from lms.training.models import Attendance, TrainingSession
from lms.training.programmes.services import award_certificates_for

MAX_HOURS = Decimal("999.9")  # Numeric(5, 1)

# Keys are folded (lower-case, no diacritics), as fold_vietnamese() returns them.
TRACK_ALIASES = {
    **{track: track for track in TRACKS},
    "ky nang, nghiep vu cong tac hoi": "association",
    "ky nang nghiep vu cong tac hoi": "association",
    "nghiep vu cong tac hoi": "association",
    "cong tac hoi": "association",
    "union work skills": "association",
    "cong nghe thong tin": "it",
    "cntt": "it",
    "information technology": "it",
    "chuyen doi so": "digital",
    "cds": "digital",
    "digital transformation": "digital",
}

_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00)?)?")
_VN_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def track(text):
    """A track key from its key or its Vietnamese (or English) label."""
    if not text:
        raise CellError(_l("This cell must not be empty."))
    key = TRACK_ALIASES.get(" ".join(fold_vietnamese(text).split()))
    if key is None:
        raise CellError(_l("Unknown track: write Kỹ năng, nghiệp vụ công tác Hội, "
                           "Công nghệ thông tin or Chuyển đổi số."))
    return key


def held_on(text):
    """A date written YYYY-MM-DD or DD/MM/YYYY (Excel date cells arrive as the former)."""
    if not text:
        raise CellError(_l("This cell must not be empty."))
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    elif match := _VN_DATE.fullmatch(text):
        day, month, year = match.groups()
    else:
        raise CellError(_l("Write the date as DD/MM/YYYY or YYYY-MM-DD."))
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise CellError(_l("This date does not exist.")) from None


def hours(text):
    """A positive number of hours with at most one decimal, written 3,5 or 3.5."""
    value = cells.decimal_number(text, places=1)
    if not Decimal(0) < value <= MAX_HOURS:
        raise CellError(_l("Write a number of hours above 0 and at most %(max)s.",
                           max=format_decimal(MAX_HOURS)))
    return value


ATTENDANCE_COLUMNS = (
    Column("session_code", "Mã buổi", partial(cells.required_text, max_length=60),
           required=True, aliases=("Mã buổi tập huấn", "Mã lớp")),
    Column("title", "Tên buổi tập huấn", partial(cells.required_text, max_length=300),
           required=True, aliases=("Tên buổi", "Tên lớp", "Nội dung")),
    Column("track", "Lĩnh vực", track, required=True),
    Column("date", "Ngày", held_on, required=True, aliases=("Ngày tập huấn", "held_on")),
    Column("hours", "Số giờ", hours, required=True),
    Column("unit_code", "Mã đơn vị", partial(cells.required_text, max_length=40),
           required=True, aliases=("Mã đơn vị tổ chức",)),
    Column("cadre_code", "Mã cán bộ", partial(cells.required_text, max_length=40),
           required=True, aliases=("Mã CB",)),
)
# A workshop of Phường Hoàn Kiếm attended by its chair and a branch head, as in the demo
# (lms/demo.py), so that the template imports there as it is.
ATTENDANCE_EXAMPLE = [
    ("TH-2026-001", "Tập huấn kỹ năng chuyển đổi số cho cán bộ Hội", "Chuyển đổi số",
     "15/03/2026", "4", "00070", "HN000072"),
    ("TH-2026-001", "Tập huấn kỹ năng chuyển đổi số cho cán bộ Hội", "Chuyển đổi số",
     "15/03/2026", "4", "00070", "HN000078"),
]

# A session's fields as the file gives them, in the order their conflicts are reported.
_SESSION_FIELDS = ("title", "track", "date", "hours", "unit_code")


@dataclass
class AttendanceImportResult(ImportResult):
    """Sessions created, updated and unchanged, and attendees added or already recorded."""

    attendees_added: int = 0
    attendees_present: int = 0

    def summary(self):
        return _l("Imported: %(created)s new sessions, %(updated)s updated, %(unchanged)s "
                  "unchanged; %(added)s attendees added, %(present)s already recorded.",
                  created=format_count(self.created), updated=format_count(self.updated),
                  unchanged=format_count(self.unchanged),
                  added=format_count(self.attendees_added),
                  present=format_count(self.attendees_present))


@dataclass
class _Known:
    """What the database holds for the file's unit, cadre and session codes."""

    units: dict        # unit code -> id, only units the actor may record sessions for
    cadres: dict       # cadre code -> (id, in_scope)
    sessions: dict     # session code -> stored fields, plus id and in_scope
    scoped: bool


@dataclass
class _Plan:
    new: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    unchanged: int = 0
    pairs: set = field(default_factory=set)   # (session code, cadre id)
    years: dict = field(default_factory=dict)  # session code -> the year it was held


def import_attendance(source, filename, actor=None, scope_root_id=None):
    """Record sessions and their attendees from a file, all or nothing; ImportRejected lists
    every problem."""
    clock = Stopwatch()
    rows, errors = read_rows(source, filename, ATTENDANCE_COLUMNS)
    clock.lap("parse")
    plan = _validate(rows, errors, scope_root_id)
    clock.lap("validate")
    result = AttendanceImportResult(len(plan.new), len(plan.changed), plan.unchanged)
    result.attendees_added = _write(plan, actor)
    result.attendees_present = len(plan.pairs) - result.attendees_added
    if result.created or result.updated or result.attendees_added:
        record_audit(actor, "training.import", result, file=filename, created=result.created,
                     updated=result.updated, attendees_added=result.attendees_added)
    clock.lap("write")
    result.timings = clock.laps
    return result




def _load_known(rows, scope_root_id):
    scoped = scope_root_id is not None
    unit_query = select(Unit.code, Unit.id)
    cadre_scope = session_scope = literal(True)
    if scoped:
        unit_query = unit_query.where(Unit.id.in_(subtree_ids(scope_root_id)))
        cadre_scope = Cadre.unit_id.in_(subtree_ids(scope_root_id))
        session_scope = TrainingSession.unit_id.in_(subtree_ids(scope_root_id))
    units = dict(select_in(unit_query, Unit.code, column_values(rows, "unit_code")))
    cadres = {code: (cadre_id, bool(in_scope)) for code, cadre_id, in_scope in select_in(
        select(Cadre.code, Cadre.id, cadre_scope), Cadre.code, column_values(rows, "cadre_code"))}
    session_query = select(TrainingSession.id, TrainingSession.code, TrainingSession.title,
                           TrainingSession.track, TrainingSession.held_on,
                           TrainingSession.hours, TrainingSession.unit_id,
                           session_scope.label("in_scope"))
    sessions = {row.code: row._asdict() for row in select_in(
        session_query, TrainingSession.code, column_values(rows, "session_code"))}
    return _Known(units, cadres, sessions, scoped)


def _validate(rows, errors, scope_root_id):
    """The writes the file asks for; raises ImportRejected if any row is bad."""
    known = _load_known(rows, scope_root_id)
    first_rows = {}   # session code -> (row number, its session fields)
    plan = _Plan()
    sessions = {}     # session code -> the fields to store
    for row in rows:
        fields = _check_row(row, known, first_rows, errors)
        if fields is None:
            continue
        code = row.values["session_code"]
        sessions.setdefault(code, fields)
        plan.pairs.add((code, known.cadres[row.values["cadre_code"]][0]))
    if errors:
        raise ImportRejected(errors)
    for code, fields in sessions.items():
        _classify(code, fields, known.sessions.get(code), plan)
        plan.years[code] = fields["held_on"].year
    return plan


def _check_row(row, known, first_rows, errors):
    """The row's session fields, or None after adding its problems to `errors`."""
    values, before = row.values, len(errors)

    def fail(column, message):
        errors.append(RowError(row.number, column, message))

    unit_code = values.get("unit_code")
    if unit_code and unit_code not in known.units:
        fail("unit_code", _l("There is no unit with code %(code)s among your units.",
                             code=unit_code) if known.scoped else
             _l("There is no unit with code %(code)s.", code=unit_code))
    cadre_code = values.get("cadre_code")
    if cadre_code:
        cadre = known.cadres.get(cadre_code)
        if cadre is None:
            fail("cadre_code", _l("There is no cadre with code %(code)s.", code=cadre_code))
        elif not cadre[1]:
            fail("cadre_code", _l("The cadre %(code)s is outside your units.", code=cadre_code))
    code = values.get("session_code")
    if code:
        stored = known.sessions.get(code)
        if stored is not None and not stored["in_scope"]:
            fail("session_code", _l("This session code belongs to a session held outside "
                                    "your units."))
        fields = {name: values[name] for name in _SESSION_FIELDS if name in values}
        first = first_rows.setdefault(code, (row.number, fields))
        if first[0] != row.number:
            for name in _SESSION_FIELDS:
                if name in fields and name in first[1] and fields[name] != first[1][name]:
                    fail(name, _l("Row %(row)s gives session %(code)s a different value.",
                                  row=first[0], code=code))
    if not row.ok or len(errors) > before:
        return None
    return {"title": values["title"], "track": values["track"], "held_on": values["date"],
            "hours": values["hours"], "unit_id": known.units[unit_code]}


def _classify(code, fields, stored, plan):
    if stored is None:
        plan.new.append({"code": code, **fields})
    elif any(stored[name] != value for name, value in fields.items()):
        plan.changed.append({**fields, "_id": stored["id"]})
    else:
        plan.unchanged += 1


def _write(plan, actor):
    """Sessions by executemany, then the missing attendance pairs in bulk; returns how many
    pairs were added."""
    table = TrainingSession.__table__
    actor_id = getattr(actor, "id", None)
    for chunk in chunks(plan.new):
        db.session.execute(insert(table), [{**row, "created_by_id": actor_id} for row in chunk])
    for chunk in chunks(plan.changed):
        db.session.execute(update(table).where(table.c.id == bindparam("_id")), chunk)
    codes = {code for code, _cadre_id in plan.pairs}
    session_ids = dict(select_in(select(table.c.code, table.c.id), table.c.code, codes))
    pairs = {(session_ids[code], cadre_id) for code, cadre_id in plan.pairs}
    attendance = Attendance.__table__
    present = set()
    for chunk in chunks(sorted(session_ids.values())):
        present.update(db.session.execute(
            select(attendance.c.session_id, attendance.c.cadre_id)
            .where(attendance.c.session_id.in_(chunk))).tuples())
    missing = sorted(pairs - present)
    for chunk in chunks(missing):
        db.session.execute(insert_ignoring_duplicates(Attendance), [
            {"session_id": session_id, "cadre_id": cadre_id, "source": "import"}
            for session_id, cadre_id in chunk])
    if plan.changed or missing:
        # TrainingSession objects already in the session must not hide the rows written.
        db.session.expire_all()
    _award_certificates(plan)
    return len(missing)


def _award_certificates(plan):
    """The programme certificates the file's attendance completes, by the year of the
    sessions, for the cadres of the file (those already recorded too: an edited session's
    hours may complete theirs)."""
    cadres_by_year = defaultdict(set)
    for code, cadre_id in plan.pairs:
        cadres_by_year[plan.years[code]].add(cadre_id)
    for year, cadre_ids in sorted(cadres_by_year.items()):
        for chunk in chunks(sorted(cadre_ids)):
            award_certificates_for(chunk, year)


def template_file(fmt):
    """(bytes, mimetype) of the attendance template as "csv" or "xlsx" (Vietnamese labels and
    two example rows); KeyError if unknown."""
    return template_spreadsheet(fmt, ATTENDANCE_COLUMNS, ATTENDANCE_EXAMPLE, "attendance")
