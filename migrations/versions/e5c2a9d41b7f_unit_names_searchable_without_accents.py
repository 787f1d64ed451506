"""Unit names searchable without accents: a folded copy of each unit's name, indexed

Revision ID: e5c2a9d41b7f
Revises: d6a1cbd7a708
Create Date: 2026-12-03 09:00:00

"""
from alembic import op
import sqlalchemy as sa

from lms.core.text import fold_vietnamese


# revision identifiers, used by Alembic.
revision = 'e5c2a9d41b7f'
down_revision = 'd6a1cbd7a708'
branch_labels = None
depends_on = None

# Folding is Python (NFD and combining marks), not SQL: the names are read, folded and
# written back in batches, so that a city of 20,000 units takes a few hundred statements.
BATCH = 1000


def upgrade():
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_name', sa.String(length=200), nullable=True))
    conn = op.get_bind()
    unit = sa.table('unit', sa.column('id', sa.Integer), sa.column('name', sa.String),
                    sa.column('search_name', sa.String))
    rows = conn.execute(sa.select(unit.c.id, unit.c.name)).all()
    update = (sa.update(unit).where(unit.c.id == sa.bindparam('unit_id'))
              .values(search_name=sa.bindparam('folded')))
    for start in range(0, len(rows), BATCH):
        conn.execute(update, [{'unit_id': unit_id, 'folded': fold_vietnamese(name)}
                              for unit_id, name in rows[start:start + BATCH]])
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.alter_column('search_name', existing_type=sa.String(length=200),
                              nullable=False)
        batch_op.create_index(batch_op.f('ix_unit_search_name'), ['search_name'], unique=False)


def downgrade():
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_search_name'))
        batch_op.drop_column('search_name')
