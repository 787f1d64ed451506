"""Notification kinds: a choice per user and kind, the new kinds' introduction and switch,
the digest schedule and its weekly snapshots

Revision ID: c4e1d7a9b2f0
Revises: c4e1a7d93b20
Create Date: 2026-12-07 09:00:00.000000

"""
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e1d7a9b2f0'
down_revision = 'c4e1a7d93b20'
branch_labels = None
depends_on = None

# The kinds introduced now: their email stays off for the accounts that exist at this upgrade
# until an admin turns it on (lms/notifications/kinds.py).
NEW_KINDS = ('completed', 'digest', 'session_tomorrow', 'job_done')


def upgrade():
    op.create_table('email_choice',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('by_email', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_email_choice_user_id_user')),
    sa.PrimaryKeyConstraint('user_id', 'kind', name=op.f('pk_email_choice'))
    )
    # Each reminder choice becomes the user's choice for the kind "reminder".
    op.execute("INSERT INTO email_choice (user_id, kind, by_email, updated_at) "
               "SELECT user_id, 'reminder', reminders_by_email, updated_at FROM email_preference")
    op.drop_table('email_preference')

    kind_setting = op.create_table('notification_kind_setting',
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('introduced_at', sa.DateTime(), nullable=False),
    sa.Column('switched_on_at', sa.DateTime(), nullable=True),
    sa.Column('switched_on_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['switched_on_by_id'], ['user.id'], name=op.f('fk_notification_kind_setting_switched_on_by_id_user')),
    sa.PrimaryKeyConstraint('kind', name=op.f('pk_notification_kind_setting'))
    )
    # Naive UTC, as every timestamp (User.created_at is compared with it).
    now = datetime.now(UTC).replace(tzinfo=None)
    op.bulk_insert(kind_setting, [{'kind': kind, 'introduced_at': now} for kind in NEW_KINDS])

    op.create_table('notification_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('digest_weekday', sa.Integer(), nullable=False),
    sa.Column('digest_hour', sa.Integer(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_notification_settings_updated_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_settings'))
    )
    op.create_table('digest_snapshot',
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('week', sa.String(length=8), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('numerator', sa.Integer(), nullable=False),
    sa.Column('denominator', sa.Integer(), nullable=False),
    sa.Column('percent', sa.Numeric(precision=5, scale=1), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_digest_snapshot_unit_id_unit')),
    sa.PrimaryKeyConstraint('unit_id', 'week', name=op.f('pk_digest_snapshot'))
    )


def downgrade():
    op.drop_table('digest_snapshot')
    op.drop_table('notification_settings')
    op.drop_table('notification_kind_setting')
    op.create_table('email_preference',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('reminders_by_email', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_email_preference_user_id_user')),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_email_preference'))
    )
    # Only the reminder choice existed before; the other kinds' choices are dropped.
    op.execute("INSERT INTO email_preference (user_id, reminders_by_email, updated_at) "
               "SELECT user_id, by_email, updated_at FROM email_choice WHERE kind = 'reminder'")
    op.drop_table('email_choice')
