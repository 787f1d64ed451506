"""Time in one place: timestamps are stored as naive UTC, shown in Vietnam's time zone."""

from datetime import UTC, datetime, timedelta

VIETNAM_OFFSET = timedelta(hours=7)


def utcnow():
    """The current time as naive UTC, like the database's CURRENT_TIMESTAMP (PostgreSQL
    connections run in UTC for this: see app_setup._per_connection_settings)."""
    return datetime.now(UTC).replace(tzinfo=None)


def local_today():
    """Today's date in Vietnam, which decides what is overdue."""
    return local_date(utcnow())


def local_datetime(utc_naive):
    """Vietnam's wall-clock time (naive) of a stored naive UTC timestamp (UTC+7 all year, no
    summer time); an aware datetime is converted from its own zone."""
    if utc_naive.tzinfo is not None:
        utc_naive = utc_naive.astimezone(UTC).replace(tzinfo=None)
    return utc_naive + VIETNAM_OFFSET


def local_date(utc_naive):
    """The Vietnam calendar day of a naive UTC timestamp."""
    return local_datetime(utc_naive).date()


def format_local_datetime(utc_naive):
    """A moment as people read it on the pages and in downloads: dd/mm/yyyy HH:MM, Vietnam
    time; "" for None."""
    return f"{local_datetime(utc_naive):%d/%m/%Y %H:%M}" if utc_naive is not None else ""
