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


def scheduled_day(moment: datetime, at: time, zone: ZoneInfo) -> date:
    """The local date a delivery moment of `at` o'clock is for: a time in a gap at midnight
    is moved past it, onto the next date, yet still belongs to the day before."""
    local = moment.astimezone(zone)
    return local.date() if local.time() >= at else local.date() - timedelta(days=1)


LATE_GRACE = timedelta(hours=6)
"""How late a tip may still go out past the end of its own local day (see `due_tip`)."""


def day_start(day: date, zone: ZoneInfo) -> datetime:
    """The first UTC instant of local `day` (midnight, or the end of a gap at midnight)."""
    return delivery_instant(day, time(0), zone)


def due_tip(
    scheduled: datetime, at: time, zone: ZoneInfo, now: datetime
) -> tuple[date, datetime] | None:
    """The tip due at `now` for a user whose next tip was scheduled at `scheduled`: its
    local date and scheduled instant, or None when the last one due is too late to send.

    A tip belongs to the local date it was scheduled for, however late it goes out. Of the
    tips due since `scheduled`, only the latest can go: never two in a row, and never one
    whose successor is due. It still goes out until the end of its own local day or
    `LATE_GRACE` after its time, whichever is later, so the bot's own lateness (a late tick,
    a long run, a busy queue: minutes) never drops one; only downtime past that skips it.
    """
    day = max(scheduled_day(scheduled, at, zone), local_date(now, zone) - timedelta(days=2))
    latest: tuple[date, datetime] | None = None
    while (moment := delivery_instant(day, at, zone)) <= now:
        latest = (day, moment)
        day += timedelta(days=1)
    if latest is None:
        return None
    deadline = max(day_start(latest[0] + timedelta(days=1), zone), latest[1] + LATE_GRACE)
    return latest if now < deadline else None
