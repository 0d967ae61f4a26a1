"""Delivery time and time zone: parsing what users type, and rescheduling.

Nothing changes unless the new value is valid. A change recomputes the next tip, and
skips any local day that already had its tip, so moving the time later on the day of
a delivery never brings a second tip that day.
"""

from __future__ import annotations

import functools
import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.core import zones
from bot.core.invariants import present
from bot.core.users import User, UserStore
from bot.daily.store import DeliveryStore

COMMON_TIMES = (time(6), time(7), time(8), time(9), time(12), time(18), time(20), time(21))
COMMON_ZONES = zones.POPULAR
_TIME = re.compile(
    r"(?P<hour>\d{1,2})(?:\s*[:.h]\s*(?P<minute>\d{2}))?"
    r"(?:\s*(?P<half>[ap])\.?\s*(?:m\.?)?)?"
)
MAX_TIME_LENGTH = 16


def zone_key(zone: str) -> str:
    """A zone's name as a callback-data slug: 'America/New_York' -> 'america-new-york'."""
    return re.sub(r"[^a-z0-9]+", "-", zone.lower()).strip("-")


ZONE_KEYS = {zone_key(zone): zone for zone in COMMON_ZONES}


def parse_tip_time(text: str) -> time | None:
    """A time of day as people type it: `07:30`, `7.30`, `19h00`, `7:30 am`, `7pm`, `7 p.m.`.

    A bare hour needs am or pm: `8` alone could be either. With am/pm the hour is 1 to
    12 (`12 am` is midnight); without, 0 to 23.
    """
    match = _TIME.fullmatch(text.strip().lower()) if len(text) <= MAX_TIME_LENGTH else None
    if match is None:
        return None
    hour, minute, half = int(match["hour"]), int(match["minute"] or 0), match["half"]
    if minute > 59:
        return None
    if half is None:
        return time(hour, minute) if match["minute"] and hour < 24 else None
    if not 1 <= hour <= 12:
        return None
    return time(hour % 12 + (12 if half == "p" else 0), minute)


def parse_zone(text: str) -> str | None:
    """The zone to store for what the user typed (any case), or None (see `bot.core.zones`)."""
    return zones.accepted_zone(text)


@functools.cache
def _all_zone_keys() -> dict[str, str]:
    return {zone_key(zone): zone for zone in zones.canonical_zones()}


def zone_from_key(key: str) -> str | None:
    """The accepted zone a suggestion button names, or None for a forged or retired one."""
    return _all_zone_keys().get(key)


def next_tip_at(
    deliveries: DeliveryStore, user_id: int, at: time, zone: str, now: datetime
) -> datetime:
    """The next delivery moment on a local day (of `zone`) that has not had its tip yet."""
    return deliveries.next_open(user_id, now, at, ZoneInfo(zone))


def change_settings(
    users: UserStore,
    deliveries: DeliveryStore,
    user: User,
    now: datetime,
    *,
    tip_time: time | None = None,
    timezone: str | None = None,
) -> User:
    """Store the new time and/or zone and reschedule a subscriber; returns the result."""
    at = tip_time if tip_time is not None else user.tip_time
    zone = timezone if timezone is not None else user.timezone
    due = next_tip_at(deliveries, user.user_id, at, zone, now) if user.subscribed else None
    deliveries.update_settings(user.user_id, at, zone, due)
    return present(users.get(user.user_id), f"user {user.user_id}")


def next_local(user: User) -> datetime | None:
    """When the user's next tip comes, on their own clock (None if not subscribed)."""
    if not user.subscribed or user.next_tip_at is None:
        return None
    return user.next_tip_at.astimezone(ZoneInfo(user.timezone))
