"""Programme reminders: a new kind of notification, its email off for existing accounts

Revision ID: e5a9c2d4f7b1
Revises: e5c2a9f0b7d1
Create Date: 2026-12-02 16:55:00.000000

"""
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5a9c2d4f7b1'
down_revision = 'e5c2a9f0b7d1'
branch_labels = None
depends_on = None

KIND = 'programme_reminder'
kind_setting = sa.table('notification_kind_setting',
                        sa.column('kind', sa.String), sa.column('introduced_at', sa.DateTime))


def upgrade():
    # Introduced now: its email stays off for the accounts that exist at this upgrade until
    # an admin turns it on (lms/notifications/kinds.py). Naive UTC, as every timestamp.
    now = datetime.now(UTC).replace(tzinfo=None)
    op.bulk_insert(kind_setting, [{'kind': KIND, 'introduced_at': now}])


def downgrade():
    op.execute(kind_setting.delete().where(kind_setting.c.kind == KIND))
    # Users' choices about it go too; notifications already written stay in their outbox.
    op.execute(sa.text("DELETE FROM email_choice WHERE kind = :kind").bindparams(kind=KIND))
