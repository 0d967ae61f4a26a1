"""Delivery time and time zone: parsing what users type, and rescheduling.

Nothing changes unless the new value is valid. A change recomputes the next deliveries,
and skips any local day that already had its message of the kind, so moving the time
later on the day of a delivery never brings a second one that day.
"""

from __future__ import annotations

import functools
import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core import zones
from bot.core.invariants import present
from bot.core.schedule import EVERY_DAY, WEEKDAYS
from bot.core.users import User, UserStore
from bot.daily.kinds import Kind
from bot.daily.schedules import ScheduleStore

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


def change_settings(
    users: UserStore,
    schedules: ScheduleStore,
    user: User,
    now: datetime,
    *,
    tip_time: time | None = None,
    timezone: str | None = None,
) -> User:
    """THE way to set a user's tip time and/or zone: stores them and reschedules every
    kind (a new zone moves them all); returns the user as now stored.

    A tip time in quiet hours (22:00 to 07:00) turns silent delivery on.
    """
    if timezone is not None and timezone != user.timezone:
        users.set_zone(user.user_id, timezone)
        schedules.reschedule(user.user_id, now)
    if tip_time is not None:
        schedules.update(user.user_id, Kind.TIP, now, local_time=tip_time)
    return present(users.get(user.user_id), f"user {user.user_id}")


def next_local(user: User) -> datetime | None:
    """When the user's next tip comes, on their own clock (None if off or paused)."""
    if user.next_tip_at is None:
        return None
    return user.next_tip_at.astimezone(ZoneInfo(user.timezone))


PAUSE_LENGTHS: dict[str, timedelta | None] = {
    "3d": timedelta(days=3),
    "1w": timedelta(weeks=1),
    "2w": timedelta(weeks=2),
    "open": None,
}
"""The pauses on offer; None holds until the user resumes."""

_PAUSE_WORDS = {
    "3d": "3d",
    "3": "3d",
    "3days": "3d",
    "1w": "1w",
    "w": "1w",
    "week": "1w",
    "aweek": "1w",
    "1week": "1w",
    "7d": "1w",
    "7days": "1w",
    "2w": "2w",
    "2weeks": "2w",
    "twoweeks": "2w",
    "14d": "2w",
    "14days": "2w",
    "forever": "open",
    "open": "open",
    "indefinitely": "open",
    "untilresumed": "open",
    "untilresume": "open",
}


def parse_pause(text: str) -> str | None:
    """The pause a user typed (`3d`, `week`, `2 weeks`, `forever`), as a key of
    `PAUSE_LENGTHS`, or None."""
    return _PAUSE_WORDS.get(re.sub(r"\s+", "", text.lower()))


_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_weekday(word: str) -> int | None:
    """Monday is 0; "mon", "monday", "Mondays" all name it."""
    word = word.lower().rstrip("s")
    for day, short in enumerate(_WEEKDAYS):
        full = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")[day]
        if word in (short, full, full.rstrip("s")) or (len(word) >= 3 and full.startswith(word)):
            return day
    return None


def parse_days(text: str) -> int | None:
    """Days of the week as a bit mask: "every day", "weekdays", or days named one by one."""
    words = re.split(r"[\s,;/]+", text.lower().strip())
    joined = "".join(words)
    if joined in ("every", "everyday", "daily", "all"):
        return EVERY_DAY
    if joined in ("weekdays", "weekday", "workdays"):
        return WEEKDAYS
    mask = 0
    for word in filter(None, words):
        day = parse_weekday(word)
        if day is None:
            return None
        mask |= 1 << day
    return mask or None


def parse_switch(text: str) -> bool | None:
    return {"on": True, "yes": True, "off": False, "no": False, "stop": False}.get(
        text.strip().lower()
    )
