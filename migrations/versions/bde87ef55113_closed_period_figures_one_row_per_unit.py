"""closed period figures stored one row per unit

A closed period kept its whole subtree's figures in one JSON value (12 MB for a city of
20,000 units), which every report under it read in full. Each unit now has its own row.

Revision ID: bde87ef55113
Revises: 32baf2147ac5
Create Date: 2026-11-27 06:55:11.997141

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = 'bde87ef55113'
down_revision = '32baf2147ac5'
branch_labels = None
depends_on = None

closed_period = sa.table(
    'closed_period', sa.column('id', sa.Integer), sa.column('unit_id', sa.Integer),
    sa.column('figures', sa.JSON))
closed_unit_figure = sa.table(
    'closed_unit_figure', sa.column('closed_period_id', sa.Integer),
    sa.column('unit_id', sa.Integer), sa.column('parent_id', sa.Integer),
    sa.column('is_listed', sa.Boolean), sa.column('position', sa.Integer),
    sa.column('code', sa.String), sa.column('name', sa.String), sa.column('kind', sa.String),
    sa.column('indicators', sa.JSON))


def _rows_from_figures(closed_id, root_id, figures):
    """ClosedUnitFigure rows of one stored {"<unit id>": {"unit", "indicators", "children"}}."""
    placed = {}  # child id -> (parent id, position among the parent's children)
    for unit_id, entry in figures.items():
        for position, child_id in enumerate(entry.get("children", [])):
            placed[int(child_id)] = (int(unit_id), position)
    rows = []
    for unit_id, entry in figures.items():
        unit = entry.get("unit", {})
        parent_id, position = placed.get(int(unit_id), (None, 0))
        rows.append({"closed_period_id": closed_id, "unit_id": int(unit_id),
                     "parent_id": parent_id,
                     # units no parent listed (inactive, without cadres) stay unlisted
                     "is_listed": int(unit_id) in placed or int(unit_id) == root_id,
                     "position": position, "code": unit.get("code", ""),
                     "name": unit.get("name", ""), "kind": unit.get("kind", ""),
                     "indicators": entry.get("indicators", {})})
    return rows


def upgrade():
    op.create_table('closed_unit_figure',
    sa.Column('closed_period_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('is_listed', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('indicators', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['closed_period_id'], ['closed_period.id'], name=op.f('fk_closed_unit_figure_closed_period_id_closed_period'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('closed_period_id', 'unit_id', name=op.f('pk_closed_unit_figure'))
    )
    with op.batch_alter_table('closed_unit_figure', schema=None) as batch_op:
        batch_op.create_index('ix_closed_unit_figure_children', ['closed_period_id', 'parent_id'], unique=False)

    conn = op.get_bind()
    rows = [row for closed_id, root_id, figures in conn.execute(sa.select(
                closed_period.c.id, closed_period.c.unit_id, closed_period.c.figures)).all()
            for row in _rows_from_figures(closed_id, root_id, figures or {})]

    # Before the rows go in: on SQLite the batch rebuild drops closed_period, and with foreign
    # keys on, that would cascade to them.
    with op.batch_alter_table('closed_period', schema=None) as batch_op:
        batch_op.drop_column('figures')

    if rows:
        conn.execute(closed_unit_figure.insert(), rows)


def downgrade():
    with op.batch_alter_table('closed_period', schema=None) as batch_op:
        batch_op.add_column(sa.Column('figures', sa.JSON(), nullable=True))

    conn = op.get_bind()
    stored = {}
    for row in conn.execute(sa.select(closed_unit_figure).order_by(
            closed_unit_figure.c.closed_period_id, closed_unit_figure.c.position)).mappings():
        figures = stored.setdefault(row["closed_period_id"], {})
        figures[str(row["unit_id"])] = {
            "unit": {"id": row["unit_id"], "code": row["code"], "name": row["name"],
                     "kind": row["kind"]},
            "indicators": row["indicators"], "children": [], "_parent": row["parent_id"],
            "_listed": row["is_listed"]}
    for closed_id, figures in stored.items():
        for entry in list(figures.values()):
            parent = figures.get(str(entry.pop("_parent")))
            if entry.pop("_listed") and parent is not None:
                parent["children"].append(entry["unit"]["id"])
        conn.execute(closed_period.update().where(closed_period.c.id == closed_id)
                     .values(figures=figures))
    conn.execute(closed_period.update().where(closed_period.c.figures.is_(None))
                 .values(figures={}))

    with op.batch_alter_table('closed_period', schema=None) as batch_op:
        batch_op.alter_column('figures', existing_type=sa.JSON(), nullable=False)

    with op.batch_alter_table('closed_unit_figure', schema=None) as batch_op:
        batch_op.drop_index('ix_closed_unit_figure_children')

    op.drop_table('closed_unit_figure')
