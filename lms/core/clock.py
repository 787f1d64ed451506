"""Time in one place: timestamps are stored as naive UTC, shown in Vietnam's time zone."""

from datetime import UTC, datetime


def utcnow():
    """The current time as naive UTC, matching the database's CURRENT_TIMESTAMP on SQLite."""
    return datetime.now(UTC).replace(tzinfo=None)
