"""Importing units: codes, names, levels and parents, in any row order.

Rows match existing units by code. A parent may come later in the file or already be in
the database; a changed parent moves the unit with its subtree. Writes go through
lms.org.services so that the closure table stays exact. All or nothing: the caller
commits on success. `scope_root_id` is the top of the actor's subtree (None: anywhere).
"""

from dataclasses import dataclass, field
from functools import partial

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from lms.core.spreadsheets import Column, ImportRejected, RowError, read_rows
from lms.extensions import db
from lms.org.imports import cells
from lms.org.imports.common import ImportResult, Stopwatch
from lms.org.models import Unit
from lms.org.queries import subtree_ids
from lms.org.services import OrgError, create_unit, move_unit, update_unit

UNIT_COLUMNS = (
    Column("code", "Mã đơn vị", partial(cells.required_text, max_length=40), required=True),
    Column("name", "Tên đơn vị", partial(cells.required_text, max_length=200), required=True),
    Column("parent_code", "Mã đơn vị cấp trên", partial(cells.optional_text, max_length=40),
           required=True),
    Column("kind", "Cấp", cells.unit_kind, required=True),
)

# The examples of the downloadable templates name units (and cadres) of the demo (lms/demo.py),
# so that a template tried on the demo imports as it is: here a new branch of Phường Hoàn Kiếm.
UNIT_EXAMPLE = ("00070-CH05", "Chi hội Tổ dân phố số 30", "00070", "Chi hội")


@dataclass
class _Tree:
    """The units in the database, by code, and the part of them the actor manages."""

    ids: dict                 # code -> id
    parent_codes: dict        # code -> parent code (None for a root)
    scope_ids: set | None     # ids of the actor's subtree; None for no limit
    root_code: str | None
    row_of: dict = field(default_factory=dict)   # code -> row number in the file

    def in_scope(self, code):
        return self.scope_ids is None or self.ids[code] in self.scope_ids


def import_units(source, filename, actor=None, scope_root_id=None):
    """Create, rename and move units from a file, all or nothing; ImportRejected lists all."""
    clock = Stopwatch()
    rows, errors = read_rows(source, filename, UNIT_COLUMNS)
    clock.lap("parse")
    tree = _load_tree(scope_root_id)
    _register_codes(rows, tree, errors)
    for row in rows:
        if row.ok:
            _check_row(row, tree, errors)
    depths = _final_depths(rows, tree, errors)
    if errors:
        raise ImportRejected(errors)
    clock.lap("validate")
    result = _apply(sorted(rows, key=lambda row: depths[row.values["code"]]), tree, actor)
    clock.lap("write")
    result.timings = clock.laps
    return result


def _load_tree(scope_root_id):
    ids, parent_codes, code_of = {}, {}, {}
    rows = db.session.execute(select(Unit.id, Unit.code, Unit.parent_id)).all()
    for unit_id, code, _parent_id in rows:
        ids[code], code_of[unit_id] = unit_id, code
    for _unit_id, code, parent_id in rows:
        parent_codes[code] = code_of.get(parent_id)
    if scope_root_id is None:
        return _Tree(ids, parent_codes, None, None)
    scope_ids = set(db.session.scalars(subtree_ids(scope_root_id)))
    return _Tree(ids, parent_codes, scope_ids, code_of[scope_root_id])


def _register_codes(rows, tree, errors):
    """Note the row of each code before any check, since parents may come later in the file."""
    for row in rows:
        code = row.values.get("code")
        if code is None:
            continue
        first = tree.row_of.setdefault(code, row.number)
        if first != row.number:
            errors.append(RowError(row.number, "code", _l(
                "The code %(code)s is also on row %(row)s.", code=code, row=first)))


def _check_row(row, tree, errors):
    """Add the row's problems with scope and parent to `errors`."""
    code, parent_code = row.values["code"], row.values["parent_code"]
    exists = code in tree.ids

    def fail(column, message):
        errors.append(RowError(row.number, column, message))

    if exists and not tree.in_scope(code):
        fail("code", _l("This code belongs to a unit outside your units."))
    elif code == tree.root_code:
        if parent_code != tree.parent_codes[code]:
            fail("parent_code", _l("The unit at the top of your units cannot be moved."))
    elif not parent_code:
        if tree.scope_ids is not None:
            fail("parent_code", _l("Enter the code of the unit above; it must be one of "
                                   "your units."))
        elif exists and tree.parent_codes[code] is not None:
            fail("parent_code", _l("An existing unit cannot be moved to the top level."))
    elif not _parent_known(parent_code, tree):
        fail("parent_code", _l("There is no unit with code %(code)s among your units.",
                               code=parent_code) if tree.scope_ids is not None else
             _l("There is no unit with code %(code)s.", code=parent_code))


def _parent_known(parent_code, tree):
    """The parent is a row of this file (checked on its own row) or a unit the actor manages."""
    if parent_code in tree.row_of:
        return True
    return parent_code in tree.ids and tree.in_scope(parent_code)


def _final_depths(rows, tree, errors):
    """Each file unit's depth in the tree as it will be; a loop of parents is an error."""
    parent_of = {**tree.parent_codes,
                 **{row.values["code"]: row.values["parent_code"] for row in rows if row.ok}}
    depth = {}
    for start in (row.values["code"] for row in rows if row.ok):
        path, node = [], start
        while node is not None and node not in depth and node not in path:
            path.append(node)
            node = parent_of.get(node)
        if node in path:
            loop = path[path.index(node):]
            _report_loop(loop, tree, errors)
        base = -1 if node is None else depth.get(node)
        for offset, code in enumerate(reversed(path), start=1):
            # None marks units above or in a loop, so that it is reported only once.
            depth[code] = None if base is None or node in path else base + offset
    return depth


def _report_loop(loop, tree, errors):
    shown = " → ".join([*loop, loop[0]])
    for code in loop:
        if code in tree.row_of:
            errors.append(RowError(tree.row_of[code], "parent_code",
                                   _l("These units would be inside each other: %(loop)s.",
                                      loop=shown)))


def _apply(rows, tree, actor):
    """Write the rows, parents first, through the tree services."""
    result = ImportResult()
    for row in rows:
        code, name, kind, parent_code = (row.values[key] for key in
                                         ("code", "name", "kind", "parent_code"))
        parent = db.session.get(Unit, tree.ids[parent_code]) if parent_code else None
        if code not in tree.ids:
            tree.ids[code] = create_unit(code, name, kind, parent=parent, actor=actor).id
            result.created += 1
            continue
        unit = db.session.get(Unit, tree.ids[code])
        changed = (unit.name, unit.kind) != (name, kind)
        if changed:
            update_unit(unit, name, kind, unit.is_active, actor=actor)
        if parent is not None and unit.parent_id != parent.id:
            _move(unit, parent, row, actor)
            changed = True
        if changed:
            result.updated += 1
        else:
            result.unchanged += 1
    return result


def _move(unit, parent, row, actor):
    try:
        move_unit(unit, parent, actor=actor)
    except OrgError as error:  # the checks above should make this unreachable
        raise ImportRejected([RowError(row.number, "parent_code", str(error))]) from error
