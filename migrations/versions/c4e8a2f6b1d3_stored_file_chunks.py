"""the bytes of stored files in the database

With LMS_FILE_STORAGE=database, course media and the files of jobs (exports, uploaded imports)
are kept in `stored_file_chunk` too, a megabyte a row, so that app servers and queue workers
on machines that share nothing but the database all find them. Nothing is moved here:
`flask files to-database` copies the files already in the folders.

Revision ID: c4e8a2f6b1d3
Revises: 3c773eb43d3c
Create Date: 2026-12-03 07:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4e8a2f6b1d3'
down_revision = '3c773eb43d3c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'stored_file_chunk',
        sa.Column('area', sa.String(length=20), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'),
                  nullable=False),
        sa.PrimaryKeyConstraint('area', 'name', 'seq', name=op.f('pk_stored_file_chunk')),
    )
    with op.batch_alter_table('stored_file_chunk') as batch_op:
        batch_op.create_index(batch_op.f('ix_stored_file_chunk_created_at'), ['created_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('stored_file_chunk') as batch_op:
        batch_op.drop_index(batch_op.f('ix_stored_file_chunk_created_at'))
    op.drop_table('stored_file_chunk')
