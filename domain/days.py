"""The county's calendar: a day is a day in Gifhorn (Europe/Berlin), whatever the server's
clock zone.

A server abroad or in UTC would otherwise date a status changed at 00:30 in Gifhorn
(23:30 UTC in winter) on the day before, and a change made then would fall out of the
window "since yesterday" that the Stabsstelle asks for.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Europe/Berlin")


def today() -> date:
    """Today in the county.

    >>> today() == datetime.now(LOCAL_ZONE).date()
    True
    """
    return datetime.now(LOCAL_ZONE).date()


def local_day(moment: datetime) -> date:
    """The county's day of an aware ``moment``.

    >>> local_day(datetime(2026, 12, 6, 23, 30, tzinfo=UTC))
    datetime.date(2026, 12, 7)
    """
    return moment.astimezone(LOCAL_ZONE).date()


def start_of(day: date) -> datetime:
    """Midnight at the start of ``day`` in the county, in UTC.

    >>> start_of(date(2026, 7, 1))
    datetime.datetime(2026, 6, 30, 22, 0, tzinfo=datetime.timezone.utc)
    """
    return datetime(day.year, day.month, day.day, tzinfo=LOCAL_ZONE).astimezone(UTC)
