"""one open closing per unit and period

Two closings of the same period sent at once (a double tap) were both stored. A partial
unique index now lets only one closing per unit and period stay open (not reopened). Open
duplicates already stored are settled first: the latest one, which the reports show, stays
open; the earlier ones are marked reopened when the latest was closed.

Revision ID: 0edaa087d860
Revises: 829cf23849c0
Create Date: 2026-12-01 22:25:25.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '0edaa087d860'
down_revision = '829cf23849c0'
branch_labels = None
depends_on = None

closed_period = sa.table(
    'closed_period', sa.column('id', sa.Integer), sa.column('unit_id', sa.Integer),
    sa.column('year', sa.Integer), sa.column('half', sa.Integer),
    sa.column('closed_at', sa.DateTime), sa.column('reopened_at', sa.DateTime))


def _settle_open_duplicates(conn):
    latest = {}
    rows = conn.execute(sa.select(closed_period.c.id, closed_period.c.unit_id,
                                  closed_period.c.year, closed_period.c.half,
                                  closed_period.c.closed_at)
                        .where(closed_period.c.reopened_at.is_(None))
                        .order_by(closed_period.c.closed_at.desc(), closed_period.c.id.desc()))
    for row in rows.all():
        key = (row.unit_id, row.year, row.half)
        if key not in latest:
            latest[key] = row.closed_at
            continue
        conn.execute(closed_period.update().where(closed_period.c.id == row.id)
                     .values(reopened_at=latest[key]))


def upgrade():
    _settle_open_duplicates(op.get_bind())
    with op.batch_alter_table('closed_period', schema=None) as batch_op:
        batch_op.create_index('uq_closed_period_open', ['unit_id', 'year', 'half'], unique=True,
                              sqlite_where=sa.text('reopened_at IS NULL'),
                              postgresql_where=sa.text('reopened_at IS NULL'))


def downgrade():
    with op.batch_alter_table('closed_period', schema=None) as batch_op:
        batch_op.drop_index('uq_closed_period_open', sqlite_where=sa.text('reopened_at IS NULL'),
                            postgresql_where=sa.text('reopened_at IS NULL'))
