"""Yearly training programmes: a unit's programme for a year and its requirements

Revision ID: 3338c308f754
Revises: d7b3e5a1c9f2
Create Date: 2026-12-02 04:24:09

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3338c308f754'
down_revision = 'd7b3e5a1c9f2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('programme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('only_full_time', sa.Boolean(), nullable=False),
    sa.Column('only_key_cadres', sa.Boolean(), nullable=False),
    sa.Column('only_department_leaders', sa.Boolean(), nullable=False),
    sa.Column('only_chairs', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('rolled_from_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('draft', 'published')", name=op.f('ck_programme_status')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_programme_created_by_id_user')),
    sa.ForeignKeyConstraint(['rolled_from_id'], ['programme.id'], name=op.f('fk_programme_rolled_from_id_programme')),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_programme_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme'))
    )
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.create_index('ix_programme_unit_year', ['unit_id', 'year'], unique=False)

    op.create_table('programme_requirement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('hours', sa.Numeric(precision=5, scale=1), nullable=True),
    sa.Column('track', sa.String(length=20), nullable=True),
    sa.CheckConstraint("kind IN ('course', 'one_of', 'hours')", name=op.f('ck_programme_requirement_kind')),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_programme_requirement_programme_id_programme')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme_requirement'))
    )
    with op.batch_alter_table('programme_requirement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_requirement_programme_id'), ['programme_id'], unique=False)

    op.create_table('programme_requirement_course',
    sa.Column('requirement_id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['course.id'], name=op.f('fk_programme_requirement_course_course_id_course')),
    sa.ForeignKeyConstraint(['requirement_id'], ['programme_requirement.id'], name=op.f('fk_programme_requirement_course_requirement_id_programme_requirement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('requirement_id', 'course_id', name=op.f('pk_programme_requirement_course'))
    )
    with op.batch_alter_table('programme_requirement_course', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_requirement_course_course_id'), ['course_id'], unique=False)



def downgrade():
    with op.batch_alter_table('programme_requirement_course', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_requirement_course_course_id'))

    op.drop_table('programme_requirement_course')
    with op.batch_alter_table('programme_requirement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_requirement_programme_id'))

    op.drop_table('programme_requirement')
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.drop_index('ix_programme_unit_year')

    op.drop_table('programme')
