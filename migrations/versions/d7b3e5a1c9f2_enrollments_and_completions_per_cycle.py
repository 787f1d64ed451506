"""enrollments, lesson progress, quiz attempts and completions per yearly cycle

A course can be taken again next year: each row gets the cycle (Vietnam year) it belongs
to, and the unique keys include it. Existing rows keep everything; their cycle is the
Vietnam year of the enrollment (UTC+7), and the progress, attempts and completion of a
course follow their enrollment's cycle, so nothing of a course in progress is split. Rows
with no enrollment take the year of their own date.

Downgrade drops the cycle again; it refuses while some cadre has a course in two cycles,
as the old keys could not hold both.

Revision ID: d7b3e5a1c9f2
Revises: c4e1d7a9b2f0
Create Date: 2026-12-02 11:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd7b3e5a1c9f2'
down_revision = 'c4e1d7a9b2f0'
branch_labels = None
depends_on = None

OPEN = sa.text('submitted_at IS NULL')

# table: (its old unique columns, its new ones)
UNIQUES = {
    'enrollment': (['cadre_id', 'course_id'], ['cadre_id', 'course_id', 'cycle']),
    'lesson_progress': (['cadre_id', 'lesson_id'], ['cadre_id', 'lesson_id', 'cycle']),
    'course_completion': (['cadre_id', 'course_id'], ['cadre_id', 'course_id', 'cycle']),
    'quiz_attempt': (['cadre_id', 'course_id', 'number'],
                     ['cadre_id', 'course_id', 'cycle', 'number']),
}


def _name(table, columns):
    return f"uq_{table}_{'_'.join(columns)}"


def _vietnam_year(column, is_date=False):
    """SQL for the Vietnam year of a naive UTC timestamp column (or of a date)."""
    if op.get_bind().dialect.name == 'postgresql':
        moment = column if is_date else f"({column} + INTERVAL '7 hours')"
        return f"CAST(EXTRACT(YEAR FROM {moment}) AS INTEGER)"
    shift = "" if is_date else ", '+7 hours'"
    return f"CAST(strftime('%Y', {column}{shift}) AS INTEGER)"


def _enrollment_cycle(cadre, course):
    return (f"(SELECT e.cycle FROM enrollment e WHERE e.cadre_id = {cadre} "
            f"AND e.course_id = {course})")


def upgrade():
    for table in UNIQUES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column('cycle', sa.Integer(), nullable=True))
    op.execute(f"UPDATE enrollment SET cycle = {_vietnam_year('enrolled_at')}")
    # Under the old keys each (cadre, course) has at most one enrollment: the subqueries
    # below return one row or none.
    op.execute(
        "UPDATE course_completion SET cycle = COALESCE("
        f"{_enrollment_cycle('course_completion.cadre_id', 'course_completion.course_id')}, "
        f"{_vietnam_year('completed_on', is_date=True)})")
    op.execute(
        "UPDATE lesson_progress SET cycle = COALESCE((SELECT e.cycle FROM enrollment e "
        "JOIN lesson l ON l.course_id = e.course_id WHERE l.id = lesson_progress.lesson_id "
        "AND e.cadre_id = lesson_progress.cadre_id), "
        f"{_vietnam_year('completed_at')})")
    op.execute(
        "UPDATE quiz_attempt SET cycle = COALESCE("
        f"{_enrollment_cycle('quiz_attempt.cadre_id', 'quiz_attempt.course_id')}, "
        f"{_vietnam_year('started_at')})")

    # The partial index is dropped first: SQLite's table copy would not keep its WHERE.
    op.drop_index('uq_quiz_attempt_open', table_name='quiz_attempt')
    for table, (old, new) in UNIQUES.items():
        with op.batch_alter_table(table) as batch_op:
            batch_op.alter_column('cycle', existing_type=sa.Integer(), nullable=False)
            batch_op.drop_constraint(_name(table, old), type_='unique')
            batch_op.create_unique_constraint(_name(table, new), new)
    op.create_index('uq_quiz_attempt_open', 'quiz_attempt', ['cadre_id', 'course_id', 'cycle'],
                    unique=True, sqlite_where=OPEN, postgresql_where=OPEN)


class CoursesInSeveralCycles(RuntimeError):
    """Downgrade refused: the old keys cannot hold a course taken in two cycles."""


def downgrade():
    conn = op.get_bind()
    for table, (old, _new) in UNIQUES.items():
        columns = ', '.join(old)
        duplicated = conn.execute(sa.text(
            f"SELECT 1 FROM {table} GROUP BY {columns} HAVING COUNT(*) > 1 LIMIT 1")).first()
        if duplicated:
            raise CoursesInSeveralCycles(
                f"{table} has rows of one cadre in several cycles; remove the later cycles "
                "before downgrading")
    op.drop_index('uq_quiz_attempt_open', table_name='quiz_attempt')
    for table, (old, new) in UNIQUES.items():
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(_name(table, new), type_='unique')
            batch_op.create_unique_constraint(_name(table, old), old)
            batch_op.drop_column('cycle')
    op.create_index('uq_quiz_attempt_open', 'quiz_attempt', ['cadre_id', 'course_id'],
                    unique=True, sqlite_where=OPEN, postgresql_where=OPEN)
