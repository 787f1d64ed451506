"""Importing cadres: check the whole file in Python, then write it set-based.

Rows match existing cadres by code. A column the file lacks leaves that field as it is,
so a file of codes and phones only updates phones. Nothing is written unless every
row is good, and a cadre whose unit changes keeps her unit history. `scope_root_id`
limits the units the rows may name (None: any unit, as for an admin). The caller
commits on success and rolls back on ImportRejected.
"""

from dataclasses import dataclass, field
from functools import partial

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, insert, literal, select, text, update

from lms.core.audit import record_audit
from lms.core.clock import utcnow
from lms.core.collation import person_sort_key
from lms.core.spreadsheets import Column, ImportRejected, RowError, read_rows
from lms.core.text import fold_vietnamese
from lms.extensions import db
from lms.org.imports import cells
from lms.org.imports.common import ImportResult, Stopwatch, chunks, column_values, select_in
from lms.org.models import Cadre, CadreUnitHistory, Unit
from lms.org.queries import subtree_ids
from lms.org.signals import cadres_changed

FLAG_COLUMNS = ("is_full_time", "is_key_cadre", "is_department_leader", "is_chair")

CADRE_COLUMNS = (
    Column("code", "Mã cán bộ", partial(cells.required_text, max_length=40), required=True,
           aliases=("Mã CB",)),
    Column("full_name", "Họ và tên", partial(cells.required_text, max_length=200),
           required=True, aliases=("Họ tên",)),
    Column("birth_year", "Năm sinh", cells.birth_year),
    Column("phone", "Số điện thoại", cells.phone, aliases=("Điện thoại", "SĐT")),
    Column("email", "Email", cells.email),
    Column("unit_code", "Mã đơn vị", partial(cells.required_text, max_length=40), required=True),
    Column("position", "Chức vụ", partial(cells.optional_text, max_length=200)),
    Column("is_full_time", "Chuyên trách", cells.yes_no),
    Column("is_key_cadre", "Chủ chốt", cells.yes_no),
    Column("is_department_leader", "Lãnh đạo ban", cells.yes_no),
    Column("is_chair", "Chủ tịch", cells.yes_no),
    Column("education", "Trình độ", cells.education),
    Column("active", "Đang hoạt động", partial(cells.yes_no, empty=True)),
)

# A new cadre (her code is not in the demo) of a demo branch (lms/demo.py: Phường Hoàn Kiếm's
# first branch).
CADRE_EXAMPLE = ("HN900001", "Trần Thị Mai", "1985", "0912345678", "mai.tt@example.vn",
                 "00070-CH01", "Chi hội phó", "không", "có", "không", "không", "đại học", "có")

# Column name -> Cadre attribute, where they differ.
_ATTRIBUTE = {"active": "is_active", "unit_code": "unit_id"}

# What a new cadre gets for the columns her file does not have.
_DEFAULTS = {"birth_year": None, "phone": None, "email": None, "position": None,
             "education": "below_university", "is_active": True,
             **{flag: False for flag in FLAG_COLUMNS}}

_STORED = ("full_name", "search_name", "sort_name", "unit_id", *_DEFAULTS)


@dataclass
class _Plan:
    """What the import will write once every row has passed."""

    new: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    moved_ids: list = field(default_factory=list)
    unchanged: int = 0


@dataclass
class _Known:
    """What the database already holds for the file's codes, units and phones."""

    units: dict           # unit code -> (id, is_active), only units the actor may import into
    cadres: dict          # cadre code -> her stored fields, plus id and in_scope
    phone_owners: dict    # phone -> codes of the cadres who have it
    scoped: bool
    code_rows: dict = field(default_factory=dict)
    phone_rows: dict = field(default_factory=dict)


def import_cadres(source, filename, actor=None, scope_root_id=None):
    """Create or update cadres from a file, all or nothing; ImportRejected lists all problems."""
    clock = Stopwatch()
    rows, errors = read_rows(source, filename, CADRE_COLUMNS)
    clock.lap("parse")
    plan = _validate(rows, errors, scope_root_id)
    clock.lap("validate")
    result = ImportResult(len(plan.new), len(plan.changed), plan.unchanged)
    _write(plan)
    if result.created or result.updated:
        # One entry for the import as a whole: per-cadre entries would swamp the log.
        record_audit(actor, "cadre.import", result, file=filename, created=result.created,
                     updated=result.updated, moved=len(plan.moved_ids))
        cadres_changed.send(unit_id=scope_root_id)
    clock.lap("write")
    result.timings = clock.laps
    return result


def _validate(rows, errors, scope_root_id):
    """The writes the file asks for; raises ImportRejected if any row is bad."""
    known = _load_known(rows, scope_root_id)
    file_codes = {row.values.get("code") for row in rows}
    plan = _Plan()
    for row in rows:
        fields = _check_row(row, known, file_codes, errors)
        if fields is not None and not errors:
            _classify(fields, known.cadres.get(row.values["code"]), plan)
    if errors:
        raise ImportRejected(errors)
    return plan




def _plan_each_query():
    """On PostgreSQL, plan this transaction's queries for their actual IN lists."""
    # psycopg prepares a statement run five times, and the server may then keep a generic
    # plan made while the table was empty: a full scan per chunk, minutes for 100,000 rows.
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))


def _load_known(rows, scope_root_id):
    """Everything the checks need from the database, in a few set-based queries."""
    _plan_each_query()
    scoped = scope_root_id is not None
    unit_query = select(Unit.code, Unit.id, Unit.is_active)
    in_scope = literal(True)
    if scoped:
        unit_query = unit_query.where(Unit.id.in_(subtree_ids(scope_root_id)))
        in_scope = Cadre.unit_id.in_(subtree_ids(scope_root_id))
    cadre_query = select(Cadre.id, Cadre.code, in_scope.label("in_scope"),
                         *(getattr(Cadre, name) for name in _STORED))
    units = {code: (unit_id, active) for code, unit_id, active
             in select_in(unit_query, Unit.code, column_values(rows, "unit_code"))}
    cadres = {row.code: row._asdict()
              for row in select_in(cadre_query, Cadre.code, column_values(rows, "code"))}
    owners = {}
    for code, phone in select_in(select(Cadre.code, Cadre.phone), Cadre.phone,
                                  column_values(rows, "phone")):
        owners.setdefault(phone, set()).add(code)
    return _Known(units, cadres, owners, scoped)


def _check_row(row, known, file_codes, errors):
    """The row's Cadre fields, or None after adding its cross-row problems to `errors`."""
    values, before = row.values, len(errors)

    def fail(column, message):
        errors.append(RowError(row.number, column, message))

    code = values.get("code")
    if code:
        first = known.code_rows.setdefault(code, row.number)
        if first != row.number:
            fail("code", _l("The code %(code)s is also on row %(row)s.", code=code, row=first))
        current = known.cadres.get(code)
        if current is not None and not current["in_scope"]:
            fail("code", _l("This code belongs to a cadre outside your units."))
    unit = known.units.get(values.get("unit_code"))
    if "unit_code" in values and unit is None:
        fail("unit_code", _l("There is no unit with code %(code)s among your units.",
                             code=values["unit_code"]) if known.scoped else
             _l("There is no unit with code %(code)s.", code=values["unit_code"]))
    elif unit is not None and not unit[1]:
        fail("unit_code", _l("The unit %(code)s is no longer active.", code=values["unit_code"]))
    phone = values.get("phone")
    if phone:
        first = known.phone_rows.setdefault(phone, row.number)
        if first != row.number:
            fail("phone", _l("The phone number %(phone)s is also on row %(row)s.",
                             phone=phone, row=first))
        # Owners who are in the file get the phone the file gives them, checked above.
        elif known.phone_owners.get(phone, set()) - file_codes:
            fail("phone", _l("Another cadre already has this phone number."))
    if not row.ok or len(errors) > before:
        return None
    fields = {_ATTRIBUTE.get(name, name): value for name, value in values.items()}
    fields["unit_id"] = unit[0]
    fields["search_name"] = fold_vietnamese(fields["full_name"])
    fields["sort_name"] = person_sort_key(fields["full_name"])
    return fields


def _classify(fields, current, plan):
    if current is None:
        plan.new.append({**_DEFAULTS, **fields})
    elif any(current[name] != value for name, value in fields.items()):
        plan.changed.append({**fields, "_id": current["id"]})
        if fields["unit_id"] != current["unit_id"]:
            plan.moved_ids.append(current["id"])
    else:
        plan.unchanged += 1


def _write(plan):
    """Set-based statements only: an executemany or an INSERT ... SELECT per chunk."""
    now = utcnow()
    cadre = Cadre.__table__
    for chunk in chunks(plan.new):
        # A plain executemany: psycopg pipelines it, and it needs no RETURNING, which would
        # make SQLAlchemy build huge multi-row statements for PostgreSQL to parse.
        db.session.execute(insert(cadre), chunk)
        _open_memberships(cadre.c.code.in_([row["code"] for row in chunk]), now)
    for chunk in chunks(plan.changed):
        db.session.execute(update(cadre).where(cadre.c.id == bindparam("_id")), chunk)
    # services.move_cadre for many cadres at once; after the update, so that each moved
    # cadre's unit_id is already her new unit.
    for chunk in chunks(plan.moved_ids):
        _close_memberships(chunk, now)
        _open_memberships(cadre.c.id.in_(chunk), now)
    if plan.new or plan.changed:
        # Cadre objects already in the session must not hide the rows written underneath.
        db.session.expire_all()


def _open_memberships(which, now):
    """Start a unit-history row in her current unit for each cadre matching `which`."""
    cadre = Cadre.__table__
    db.session.execute(insert(CadreUnitHistory.__table__).from_select(
        ["cadre_id", "unit_id", "started_at", "reason"],
        select(cadre.c.id, cadre.c.unit_id, literal(now), literal("import")).where(which)))


def _close_memberships(cadre_ids, now):
    history = CadreUnitHistory.__table__
    db.session.execute(update(history).values(ended_at=now).where(
        history.c.cadre_id.in_(cadre_ids), history.c.ended_at.is_(None)))
