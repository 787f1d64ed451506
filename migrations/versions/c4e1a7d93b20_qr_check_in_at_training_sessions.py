"""QR check-in at training sessions: the session's check-in window and how each attendance
was recorded

Revision ID: c4e1a7d93b20
Revises: 301700bef695
Create Date: 2026-12-02 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e1a7d93b20'
down_revision = '301700bef695'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.add_column(sa.Column('checkin_secret', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('checkin_opened_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('checkin_closed_at', sa.DateTime(), nullable=True))

    # Attendance recorded before this revision was ticked or imported: call it "hand".
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source', sa.String(length=10), server_default='hand',
                                      nullable=False))
        batch_op.create_check_constraint(
            op.f('ck_attendance_source'), "source IN ('hand', 'import', 'qr')")


def downgrade():
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_attendance_source'), type_='check')
        batch_op.drop_column('source')

    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.drop_column('checkin_closed_at')
        batch_op.drop_column('checkin_opened_at')
        batch_op.drop_column('checkin_secret')
