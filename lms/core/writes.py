"""Write helpers shared across domains."""

from sqlalchemy.dialects import postgresql, sqlite

from lms.extensions import db


def insert_ignoring_duplicates(model):
    """INSERT that skips rows a concurrent transaction inserted first (ON CONFLICT DO
    NOTHING), so two requests racing each other cannot fail on a unique constraint."""
    dialect = db.session.get_bind().dialect.name
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(model).on_conflict_do_nothing()
