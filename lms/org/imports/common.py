"""What an import reports (its counts) and helpers shared by importers; its problems are
core's RowError in an ImportRejected."""

import time
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from lms.core.decimals import format_count
from lms.extensions import db


@dataclass
class ImportResult:
    """How many rows created, changed and left as they were; seconds spent per phase."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    timings: dict = field(default_factory=dict)

    @property
    def total(self):
        return self.created + self.updated + self.unchanged

    def summary(self):
        return _l("Imported: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.",
                  created=format_count(self.created), updated=format_count(self.updated),
                  unchanged=format_count(self.unchanged))


class Stopwatch:
    """Seconds spent per named phase, for the benchmark and for slow-import reports."""

    def __init__(self):
        self.laps = {}
        self._last = time.perf_counter()

    def lap(self, name):
        now = time.perf_counter()
        self.laps[name] = round(now - self._last, 3)
        self._last = now


def chunks(items, size=5000):
    """Consecutive slices of `items`, so that IN lists and executemany batches stay bounded."""
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start:start + size]


def column_values(rows, name):
    """The distinct non-empty values of one column across the rows."""
    return {row.values[name] for row in rows if row.values.get(name)}


def select_in(query, column, values):
    """Rows of `query` whose `column` is among `values`, one bounded IN list at a time."""
    # Core rows straight from the connection: no ORM bookkeeping for 100,000 of them.
    connection = db.session.connection()
    for chunk in chunks(sorted(values)):
        yield from connection.execute(query.where(column.in_(chunk)))
