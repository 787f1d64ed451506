"""Vietnamese sort keys for unit names, cadre names and course titles

Revision ID: e5c2a9f0b7d1
Revises: 3338c308f754
Create Date: 2026-12-02 16:40:00

Each key is computed in Python (lms/core/collation.py), as the app computes it on every
write, for the rows already there; then the column becomes required and indexed.
"""
from alembic import op
import sqlalchemy as sa

from lms.core.collation import person_sort_key, sort_key

# revision identifiers, used by Alembic.
revision = 'e5c2a9f0b7d1'
down_revision = '3338c308f754'
branch_labels = None
depends_on = None

KEY_TYPE = sa.String(length=800).with_variant(sa.String(length=800, collation="C"), "postgresql")
# (table, key column, source column, key function)
KEYS = (("unit", "sort_name", "name", sort_key),
        ("cadre", "sort_name", "full_name", person_sort_key),
        ("course", "sort_title", "title", sort_key))
BATCH = 5000


def _fill(table, key_column, source_column, key):
    connection = op.get_bind()
    rows = sa.table(table, sa.column("id", sa.Integer), sa.column(source_column, sa.String),
                    sa.column(key_column, KEY_TYPE))
    update = (sa.update(rows).where(rows.c.id == sa.bindparam("row_id"))
              .values({key_column: sa.bindparam("key")}))
    last_id = 0
    while True:
        batch = connection.execute(
            sa.select(rows.c.id, rows.c[source_column]).where(rows.c.id > last_id)
            .order_by(rows.c.id).limit(BATCH)).all()
        if not batch:
            return
        connection.execute(update, [{"row_id": row_id, "key": key(value)}
                                    for row_id, value in batch])
        last_id = batch[-1][0]


def upgrade():
    for table, key_column, source_column, key in KEYS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column(key_column, KEY_TYPE, nullable=True))
        _fill(table, key_column, source_column, key)
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column(key_column, existing_type=KEY_TYPE, nullable=False)
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.create_index('ix_unit_parent_sort_name', ['parent_id', 'sort_name'],
                              unique=False)
    with op.batch_alter_table('cadre', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cadre_sort_name'), ['sort_name'], unique=False)


def downgrade():
    with op.batch_alter_table('cadre', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cadre_sort_name'))
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_index('ix_unit_parent_sort_name')
    for table, key_column, _source, _key in reversed(KEYS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column(key_column)
