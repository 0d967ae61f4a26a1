"""The kinds of scheduled message, and how late each may still go out.

Every kind keeps the daily tip's guarantees (see `bot.daily.run`); they differ only in
what is sent, when by default, and their lateness window: a check-in asks about last
night, so it goes until noon (when the night turns, see `bot.diary.nights`); a bedtime
reminder is pointless once the user is asleep, so two hours; a tip and the weekly
summary go within their own day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.core.schedule import Deadline, delivery_instant, tip_deadline
from bot.diary.nights import NIGHT_TURNS_AT


class Kind(StrEnum):
    TIP = "tip"
    CHECKIN = "checkin"
    BEDTIME = "bedtime"
    WEEKLY = "weekly"


BEDTIME_GRACE = timedelta(hours=2)


def checkin_deadline(day: date, scheduled: datetime, zone: ZoneInfo) -> datetime:
    return delivery_instant(day, NIGHT_TURNS_AT, zone)


def bedtime_deadline(day: date, scheduled: datetime, zone: ZoneInfo) -> datetime:
    return scheduled + BEDTIME_GRACE


DEADLINES: dict[Kind, Deadline] = {
    Kind.TIP: tip_deadline,
    Kind.CHECKIN: checkin_deadline,
    Kind.BEDTIME: bedtime_deadline,
    Kind.WEEKLY: tip_deadline,
}

DEFAULT_TIMES = {
    Kind.CHECKIN: time(8, 0),
    Kind.BEDTIME: time(21, 30),
    Kind.WEEKLY: time(18, 0),
}
"""Where a kind starts when first turned on; the tip's default is the bot's config."""

WEEKLY_DEFAULT_DAY = 6
"""Sunday (Monday is 0)."""


def time_allowed(kind: Kind, at: time) -> bool:
    """A check-in asks about the night just ended, so it must come before the night turns."""
    return kind is not Kind.CHECKIN or at < NIGHT_TURNS_AT
