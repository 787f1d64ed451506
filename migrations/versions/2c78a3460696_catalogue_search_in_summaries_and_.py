"""catalogue search in course summaries and lesson text

Courses get `search_summary` and lessons `search_text`: their summary, and title with body,
folded to lower-case words without diacritics (lms.core.text.fold_for_search), which the
catalogue's search matches with LIKE on both engines. Existing rows are folded here; the
models keep the columns in step on every later write.

Revision ID: 2c78a3460696
Revises: b642d56e0ef0
Create Date: 2026-12-02 16:36:59.195083

"""
import sqlalchemy as sa
from alembic import op

from lms.core.text import fold_for_search

# revision identifiers, used by Alembic.
revision = '2c78a3460696'
down_revision = 'b642d56e0ef0'
branch_labels = None
depends_on = None

course = sa.table('course', sa.column('id', sa.Integer), sa.column('summary', sa.Text),
                  sa.column('search_summary', sa.Text))
lesson = sa.table('lesson', sa.column('id', sa.Integer), sa.column('title', sa.String),
                  sa.column('body', sa.Text), sa.column('search_text', sa.Text))


def upgrade():
    with op.batch_alter_table('course') as batch_op:
        batch_op.add_column(sa.Column('search_summary', sa.Text(), server_default='',
                                      nullable=False))
    with op.batch_alter_table('lesson') as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), server_default='',
                                      nullable=False))
    bind = op.get_bind()
    for row in bind.execute(sa.select(course.c.id, course.c.summary)).all():
        bind.execute(course.update().where(course.c.id == row.id)
                     .values(search_summary=fold_for_search(row.summary)))
    for row in bind.execute(sa.select(lesson.c.id, lesson.c.title, lesson.c.body)).all():
        bind.execute(lesson.update().where(lesson.c.id == row.id)
                     .values(search_text=fold_for_search(f"{row.title} {row.body}")))


def downgrade():
    with op.batch_alter_table('lesson') as batch_op:
        batch_op.drop_column('search_text')
    with op.batch_alter_table('course') as batch_op:
        batch_op.drop_column('search_summary')
