"""When a scheduled message is due, in UTC, for a local time in a user's own zone.

A local wall-clock time can be missing (spring-forward gap) or happen twice (fall-back
overlap). We send at the first valid minute after a missing time, and at the first of
two occurrences, so 08:00 stays 08:00 local all year.

A schedule runs on chosen days of the week, a bit per weekday (Monday is bit 0): every
day is `EVERY_DAY`, a weekly message has one bit.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

EVERY_DAY = 0b1111111
WEEKDAYS = 0b0011111


def on_days(day: date, days: int) -> bool:
    return bool(days >> day.weekday() & 1)


def _exists(local: datetime) -> bool:
    round_trip = local.astimezone(UTC).astimezone(local.tzinfo)
    return round_trip.replace(tzinfo=None) == local.replace(tzinfo=None)


@functools.lru_cache(maxsize=4096)
def delivery_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC moment when `at` o'clock happens on local `day` (see module notes).

    Cached: a daily run asks it for the same few dates, times and zones for every user,
    several times each, and zone arithmetic made it a tenth of the run's own work."""
    local = datetime.combine(day, at, tzinfo=zone)
    while not _exists(local):
        local = (local + timedelta(minutes=1)).replace(second=0, microsecond=0)
    return local.astimezone(UTC)


def local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def next_delivery(after: datetime, at: time, zone: ZoneInfo, days: int = EVERY_DAY) -> datetime:
    """The first delivery moment strictly later than `after`, on one of `days`."""
    day = local_date(after, zone)
    for offset in range(10):
        candidate_day = day + timedelta(days=offset)
        if not on_days(candidate_day, days):
            continue
        candidate = delivery_instant(candidate_day, at, zone)
        if candidate > after:
            return candidate
    raise RuntimeError("a weekly time always recurs within ten local days")


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


Deadline = Callable[[date, datetime, ZoneInfo], datetime]
"""When the message of a local date, scheduled at an instant, is too late to send."""


def tip_deadline(day: date, scheduled: datetime, zone: ZoneInfo) -> datetime:
    """Until the end of its own local day or `LATE_GRACE` after its time, whichever is
    later, so the bot's own lateness (a late tick, a long run, a busy queue: minutes)
    never drops one; only downtime past that skips it."""
    return max(day_start(day + timedelta(days=1), zone), scheduled + LATE_GRACE)


def due_send(
    scheduled: datetime,
    at: time,
    zone: ZoneInfo,
    now: datetime,
    days: int = EVERY_DAY,
    deadline: Deadline = tip_deadline,
) -> tuple[date, datetime] | None:
    """The message due at `now` for a schedule whose next one was set for `scheduled`:
    its local date and scheduled instant, or None when the last one due is past its
    `deadline`.

    A message belongs to the local date it was scheduled for, however late it goes out.
    Of those due since `scheduled`, only the latest can go: never two in a row, and never
    one whose successor is due.
    """
    day = max(scheduled_day(scheduled, at, zone), local_date(now, zone) - timedelta(days=8))
    latest: tuple[date, datetime] | None = None
    while (moment := delivery_instant(day, at, zone)) <= now:
        if on_days(day, days):
            latest = (day, moment)
        day += timedelta(days=1)
    if latest is None:
        return None
    return latest if now < deadline(latest[0], latest[1], zone) else None


def due_tip(
    scheduled: datetime, at: time, zone: ZoneInfo, now: datetime
) -> tuple[date, datetime] | None:
    """The daily tip's case of `due_send`: every day, with `tip_deadline`."""
    return due_send(scheduled, at, zone, now)
