"""Cycles: a course is taken, and completed, once per Vietnam calendar year (its cycle).

A cadre's enrollment, lesson progress, quiz attempts and completion of a course all carry
the cycle they belong to; a course taken again next year starts a new cycle and leaves the
earlier one intact as history.
"""

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from lms.core.clock import local_date, utcnow


def cycle_of(utc_naive=None):
    """The cycle (Vietnam year) of a naive UTC moment, by default now: 31 December 23:30 in
    Hanoi is 16:30 UTC, still that year."""
    return local_date(utc_naive or utcnow()).year


def cycle_default(moment_column):
    """A column default for `cycle`: the Vietnam year of the row's `moment_column` (now when
    unset). Services set the cycle themselves; this keeps bulk and test inserts valid."""

    def default(context):
        return cycle_of(context.get_current_parameters().get(moment_column))

    return default


class vietnam_year(FunctionElement):  # noqa: N801 (used like a SQL function)
    """SQL: the cycle (Vietnam year, UTC+7) of a naive UTC timestamp column."""

    type = Integer()
    inherit_cache = True


@compiles(vietnam_year, "sqlite")
def _vietnam_year_sqlite(element, compiler, **kw):
    return f"CAST(strftime('%Y', {compiler.process(element.clauses, **kw)}, '+7 hours') " \
           "AS INTEGER)"


@compiles(vietnam_year, "postgresql")
def _vietnam_year_postgresql(element, compiler, **kw):
    return f"CAST(EXTRACT(YEAR FROM {compiler.process(element.clauses, **kw)} " \
           "+ INTERVAL '7 hours') AS INTEGER)"
