"""When a daily tip is due, in UTC, for a local time in a user's own zone.

A local wall-clock time can be missing (spring-forward gap) or happen twice (fall-back
overlap). We send at the first valid minute after a missing time, and at the first of
two occurrences, so 08:00 stays 08:00 local all year.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def _exists(local: datetime) -> bool:
    round_trip = local.astimezone(UTC).astimezone(local.tzinfo)
    return round_trip.replace(tzinfo=None) == local.replace(tzinfo=None)


def delivery_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC moment when `at` o'clock happens on local `day` (see module notes)."""
    local = datetime.combine(day, at, tzinfo=zone)
    while not _exists(local):
        local = (local + timedelta(minutes=1)).replace(second=0, microsecond=0)
    return local.astimezone(UTC)


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def next_delivery(after: datetime, at: time, zone: ZoneInfo) -> datetime:
    """The first delivery moment strictly later than `after`."""
    day = local_date(after, zone)
    for offset in range(3):
        candidate = delivery_instant(day + timedelta(days=offset), at, zone)
        if candidate > after:
            return candidate
    raise RuntimeError("a daily time always recurs within three local days")


def due_day(scheduled: datetime, at: time, zone: ZoneInfo, now: datetime) -> date | None:
    """The local day whose tip is due at `now`, for a tip scheduled at `scheduled`.

    A late tip (the bot was down at delivery time) still goes out on its own local day.
    One whose day has passed is never sent: today's tip is due instead if today's time
    has come, else nothing is (None), so a user gets at most one tip a day, never a stale one.
    """
    today = local_date(now, zone)
    if local_date(scheduled, zone) >= today:
        return local_date(scheduled, zone)
    return today if delivery_instant(today, at, zone) <= now else None


def after_day(day: date, at: time, zone: ZoneInfo, now: datetime) -> datetime:
    """The first delivery on a local day after `day` that is still ahead of `now`."""
    return next_delivery(max(now, delivery_instant(day, at, zone)), at, zone)
