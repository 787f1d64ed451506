"""Time in one place: timestamps are stored as naive UTC, shown in Vietnam's time zone."""

from datetime import UTC, datetime, timedelta

VIETNAM_OFFSET = timedelta(hours=7)


def utcnow():
    """The current time as naive UTC, matching the database's CURRENT_TIMESTAMP on SQLite."""
    return datetime.now(UTC).replace(tzinfo=None)


def local_today():
    """Today's date in the users' time zone (Vietnam), which decides what is overdue."""
    from flask_babel import to_user_timezone

    return to_user_timezone(datetime.now(UTC)).date()


def local_date(utc_naive):
    """The Vietnam calendar day of a naive UTC timestamp (UTC+7 all year, no summer time)."""
    return (utc_naive + VIETNAM_OFFSET).date()
