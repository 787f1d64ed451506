"""SCORM packages as lessons, and what each package recorded for a learner

`scorm_package`: the SCORM 1.2 zip a lesson shows (kept in the media storage under
`stored_name`, served at /scorm/<key>/; `score_is_quiz`: its score may pass the course's
quiz). `scorm_data`: per cadre and lesson, the package's
status, score, location and suspend data, given back on her next visit.

Revision ID: 3c773eb43d3c
Revises: f1a7c3e9b2d4
Create Date: 2026-12-03 07:13:50

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '3c773eb43d3c'
down_revision = 'f1a7c3e9b2d4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'scorm_package',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=32), nullable=False),
        sa.Column('lesson_id', sa.Integer(), nullable=False),
        sa.Column('stored_name', sa.String(length=64), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('launch_href', sa.String(length=500), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('file_count', sa.Integer(), nullable=False),
        sa.Column('score_is_quiz', sa.Boolean(), nullable=False),
        sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'),
                  nullable=False),
        sa.ForeignKeyConstraint(['lesson_id'], ['lesson.id'],
                                name=op.f('fk_scorm_package_lesson_id_lesson')),
        sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'],
                                name=op.f('fk_scorm_package_uploaded_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_scorm_package')),
        sa.UniqueConstraint('key', name=op.f('uq_scorm_package_key')),
        sa.UniqueConstraint('lesson_id', name=op.f('uq_scorm_package_lesson_id')),
        sa.UniqueConstraint('stored_name', name=op.f('uq_scorm_package_stored_name')),
    )
    op.create_table(
        'scorm_data',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cadre_id', sa.Integer(), nullable=False),
        sa.Column('lesson_id', sa.Integer(), nullable=False),
        sa.Column('lesson_status', sa.String(length=20), nullable=False),
        sa.Column('score_raw', sa.Numeric(precision=6, scale=2), nullable=True),
        sa.Column('lesson_location', sa.String(length=255), nullable=False),
        sa.Column('suspend_data', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'),
                  nullable=False),
        sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'],
                                name=op.f('fk_scorm_data_cadre_id_cadre')),
        sa.ForeignKeyConstraint(['lesson_id'], ['lesson.id'],
                                name=op.f('fk_scorm_data_lesson_id_lesson')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_scorm_data')),
        sa.UniqueConstraint('cadre_id', 'lesson_id', name=op.f('uq_scorm_data_cadre_id_lesson_id')),
    )
    op.create_index(op.f('ix_scorm_data_lesson_id'), 'scorm_data', ['lesson_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_scorm_data_lesson_id'), table_name='scorm_data')
    op.drop_table('scorm_data')
    op.drop_table('scorm_package')
