"""answers carry the phone's sequence number

An answer given offline is kept on the phone and sent when the connection returns, perhaps
more than once and after a newer one: `attempt_answer.sequence` is the phone's number of the
answer stored, and an answer whose number is not higher is ignored. Answers saved before, or
from the plain form, have none.

Revision ID: f1a7c3e9b2d4
Revises: b3d8f1a6c2e4
Create Date: 2026-12-02 19:50:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f1a7c3e9b2d4'
down_revision = 'b3d8f1a6c2e4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attempt_answer') as batch_op:
        batch_op.add_column(sa.Column('sequence', sa.BigInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table('attempt_answer') as batch_op:
        batch_op.drop_column('sequence')
