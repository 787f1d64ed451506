"""Write helpers shared across domains."""

from sqlalchemy.dialects import postgresql, sqlite

from lms.extensions import db


def _insert(model):
    """The INSERT of the session's database dialect (both spell ON CONFLICT alike)."""
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(model)


def insert_ignoring_duplicates(model):
    """INSERT that skips rows a concurrent transaction inserted first (ON CONFLICT DO
    NOTHING), so two requests racing each other cannot fail on a unique constraint."""
    return _insert(model).on_conflict_do_nothing()


def insert_or_update(model, keys, values, only_if=None):
    """INSERT one row, or UPDATE `values` on the row that has the same `keys` (a dict of the
    columns of a unique constraint): ON CONFLICT DO UPDATE, so a concurrent insert of the
    same row updates it instead of failing. `only_if`, a condition on the existing row,
    leaves that row as it is when false."""
    return _insert(model).values(**keys, **values).on_conflict_do_update(
        index_elements=list(keys), set_=values, where=only_if)
