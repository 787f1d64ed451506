"""one open quiz attempt per learner and course

Two taps on "start" could open two attempts. A partial unique index now refuses a second
open attempt. Learners who already have several keep open the one they last worked on;
the others are removed when they hold no answer (the learner never used them, so they no
longer count against the attempts allowed) and closed otherwise (graded when opened).

Revision ID: 7c41d2e9a0b3
Revises: 0edaa087d860
Create Date: 2026-12-02 09:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = '7c41d2e9a0b3'
down_revision = '0edaa087d860'
branch_labels = None
depends_on = None

quiz_attempt = sa.table(
    'quiz_attempt', sa.column('id', sa.Integer), sa.column('cadre_id', sa.Integer),
    sa.column('course_id', sa.Integer), sa.column('number', sa.Integer),
    sa.column('started_at', sa.DateTime), sa.column('submitted_at', sa.DateTime))
attempt_answer = sa.table(
    'attempt_answer', sa.column('attempt_id', sa.Integer), sa.column('saved_at', sa.DateTime))

OPEN = sa.text('submitted_at IS NULL')


def _close_duplicate_open_attempts(conn):
    last_activity = sa.func.coalesce(sa.func.max(attempt_answer.c.saved_at),
                                     quiz_attempt.c.started_at)
    rows = conn.execute(
        sa.select(quiz_attempt.c.id, quiz_attempt.c.cadre_id, quiz_attempt.c.course_id,
                  last_activity, sa.func.count(attempt_answer.c.attempt_id))
        .outerjoin(attempt_answer, attempt_answer.c.attempt_id == quiz_attempt.c.id)
        .where(quiz_attempt.c.submitted_at.is_(None))
        .group_by(quiz_attempt.c.id, quiz_attempt.c.cadre_id, quiz_attempt.c.course_id,
                  quiz_attempt.c.started_at, quiz_attempt.c.number)
        .order_by(quiz_attempt.c.cadre_id, quiz_attempt.c.course_id, last_activity.desc(),
                  quiz_attempt.c.number.desc())).all()
    kept = set()
    for attempt_id, cadre_id, course_id, active_at, answers in rows:
        if (cadre_id, course_id) not in kept:
            kept.add((cadre_id, course_id))
        elif answers:
            conn.execute(quiz_attempt.update().where(quiz_attempt.c.id == attempt_id)
                         .values(submitted_at=active_at))
        else:
            conn.execute(quiz_attempt.delete().where(quiz_attempt.c.id == attempt_id))


def upgrade():
    _close_duplicate_open_attempts(op.get_bind())
    op.create_index('uq_quiz_attempt_open', 'quiz_attempt', ['cadre_id', 'course_id'],
                    unique=True, sqlite_where=OPEN, postgresql_where=OPEN)


def downgrade():
    op.drop_index('uq_quiz_attempt_open', table_name='quiz_attempt')
