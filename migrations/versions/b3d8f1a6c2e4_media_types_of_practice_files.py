"""Media types of practice files: Excel and Word types are longer than 60 characters

Revision ID: b3d8f1a6c2e4
Revises: e5c2a9d41b7f
Create Date: 2026-12-10 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3d8f1a6c2e4'
down_revision = 'e5c2a9d41b7f'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('media_file', schema=None) as batch_op:
        batch_op.alter_column('content_type', existing_type=sa.String(length=60),
                              type_=sa.String(length=100), existing_nullable=False)


def downgrade():
    # A practice file's type does not fit the old column: those rows go with it.
    media_file = sa.table('media_file', sa.column('content_type', sa.String))
    op.execute(media_file.delete().where(sa.func.length(media_file.c.content_type) > 60))
    with op.batch_alter_table('media_file', schema=None) as batch_op:
        batch_op.alter_column('content_type', existing_type=sa.String(length=100),
                              type_=sa.String(length=60), existing_nullable=False)
