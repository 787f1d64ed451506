"""Programme certificates: that a cadre met every requirement of a yearly programme, and the
code that verifies it

Revision ID: b642d56e0ef0
Revises: e5a9c2d4f7b1
Create Date: 2026-12-02 16:14:05

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b642d56e0ef0'
down_revision = 'e5a9c2d4f7b1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('programme_completion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('code', sa.String(length=24), nullable=False),
    sa.Column('is_revoked', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_programme_completion_cadre_id_cadre')),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_programme_completion_programme_id_programme')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_completion')),
    sa.UniqueConstraint('code', name=op.f('uq_programme_completion_code')),
    sa.UniqueConstraint('programme_id', 'cadre_id', name=op.f('uq_programme_completion_programme_id_cadre_id'))
    )
    with op.batch_alter_table('programme_completion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_completion_cadre_id'), ['cadre_id'], unique=False)


def downgrade():
    with op.batch_alter_table('programme_completion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_completion_cadre_id'))

    op.drop_table('programme_completion')
