"""What the diary buttons mean: plain functions over the diary store, no Telegram.

Times are kept in UTC; the user's zone decides which local day an entry counts for,
and what "during the night" or "earlier today" means.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.schedule import delivery_instant, local_date
from bot.core.users import User
from bot.diary.store import DiaryStore, Entry
from bot.diary.vocabulary import DayPart, Muscle, Severity, Side, WhenKind
from bot.knowledge.content import Catalogue, Item

NIGHT_TIME = time(3, 0)

RED_FLAG_DAYS = 7
RED_FLAG_SEVERE = 3
RED_FLAG_TOTAL = 7
RED_FLAG_INTERVAL = timedelta(days=7)
DOCTOR_TIP_ID = "medical-attention"


def zone_of(user: User | None, default: str) -> ZoneInfo:
    """The user's zone; a name the zone database no longer knows falls back to the default."""
    try:
        return ZoneInfo(user.timezone if user is not None else default)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(default)


DAY_PART_TIMES = {
    DayPart.NIGHT: time(3, 0),
    DayPart.MORNING: time(9, 0),
    DayPart.AFTERNOON: time(15, 0),
    DayPart.EVENING: time(20, 0),
}
"""Where in its part of the day an entry with no clock time is placed: the middle."""

MIDDAY = time(12, 0)


def happened_at(
    when: WhenKind, logged_at: datetime, zone: ZoneInfo, day_part: DayPart | None = None
) -> datetime:
    """A best guess at the moment, for ordering and counting; `when_kind` and `day_part`
    keep it honest, and nothing shows it as a clock time.

    Never later than the logging. "During the night" is 03:00 local on the day of
    logging; a part of the day is its middle (see `DAY_PART_TIMES`); "yesterday" or "two
    days ago" alone is that day's midday. "Earlier today" alone is the moment of logging:
    all it says is "before now", and a guess halfway since midnight put it below cramps
    logged (as just now) before it.
    """
    if when == WhenKind.NOW:
        return logged_at
    day = local_date(logged_at, zone) - timedelta(days=WhenKind(when).days_ago)
    if when == WhenKind.NIGHT:
        guess = delivery_instant(day, NIGHT_TIME, zone)
    elif day_part is not None:
        guess = delivery_instant(day, DAY_PART_TIMES[day_part], zone)
    elif when == WhenKind.EARLIER:
        guess = logged_at
    else:
        guess = delivery_instant(day, MIDDAY, zone)
    return min(guess, logged_at)


class PartOfDay(StrEnum):
    NIGHT = "night"
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    # Logged for a day ("earlier today", "yesterday") with no time of day given.
    EARLIER = "earlier"


MORNING_FROM = time(6, 0)
AFTERNOON_FROM = time(12, 0)
EVENING_FROM = time(18, 0)
NIGHT_FROM = time(22, 0)


def part_of_day(entry: Entry, zone: ZoneInfo) -> PartOfDay:
    """What the entry says about the time of day, and no more than it says."""
    if entry.when_kind == WhenKind.NIGHT:
        return PartOfDay.NIGHT
    if entry.day_part is not None:
        return PartOfDay(entry.day_part.value)
    if entry.when_kind != WhenKind.NOW:
        return PartOfDay.EARLIER
    clock = entry.happened_at.astimezone(zone).time()
    if clock < MORNING_FROM or clock >= NIGHT_FROM:
        return PartOfDay.NIGHT
    if clock < AFTERNOON_FROM:
        return PartOfDay.MORNING
    return PartOfDay.AFTERNOON if clock < EVENING_FROM else PartOfDay.EVENING


def log_entry(
    store: DiaryStore,
    user_id: int,
    flow_message_id: int,
    now: datetime,
    zone: ZoneInfo,
    muscle: Muscle,
    side: Side,
    severity: Severity,
    when: WhenKind = WhenKind.NOW,
) -> tuple[Entry, bool]:
    """Save a cramp ("just now" unless the flow was opened for another time); a repeated
    tap on the same flow returns the first entry."""
    moment = happened_at(when, now, zone)
    return store.add(
        user_id,
        flow_message_id,
        now,
        local_date(moment, zone),
        muscle,
        side,
        severity.level,
        when,
        moment,
    )


def takes_day_part(when: WhenKind) -> bool:
    """Whether a time of day narrows this choice: not "just now" (a clock time) nor "during
    the night" (a time of day already)."""
    return when not in (WhenKind.NOW, WhenKind.NIGHT)


DAY_PART_STARTS = {
    DayPart.NIGHT: time(0, 0),
    DayPart.MORNING: MORNING_FROM,
    DayPart.AFTERNOON: AFTERNOON_FROM,
    DayPart.EVENING: EVENING_FROM,
}


def day_parts(entry: Entry, zone: ZoneInfo) -> tuple[DayPart, ...]:
    """The times of day the user can narrow the entry's day to: "earlier today" offers
    only the parts that had begun when it was logged."""
    if not takes_day_part(entry.when_kind):
        return ()
    if entry.when_kind != WhenKind.EARLIER:
        return tuple(DayPart)
    logged = entry.logged_at.astimezone(zone).time()
    return tuple(part for part, start in DAY_PART_STARTS.items() if start <= logged)


def refine_when(
    store: DiaryStore,
    user_id: int,
    entry_id: int,
    when: WhenKind,
    day_part: DayPart | None,
    zone: ZoneInfo,
) -> Entry | None:
    """A part of the day only stays with a day it can narrow."""
    entry = store.get(user_id, entry_id)
    if entry is None:
        return None
    part = day_part if takes_day_part(when) else None
    moment = happened_at(when, entry.logged_at, zone, part)
    return store.set_when(user_id, entry_id, when, moment, local_date(moment, zone), part)


@dataclass(frozen=True, slots=True)
class RecentCount:
    total: int
    severe: int


def recent_count(store: DiaryStore, user_id: int, today: date) -> RecentCount:
    entries = store.since(user_id, today - timedelta(days=RED_FLAG_DAYS - 1))
    recent = [entry for entry in entries if entry.local_date <= today]
    return RecentCount(len(recent), sum(1 for entry in recent if entry.severity == 3))


def is_red_flag(count: RecentCount) -> bool:
    return count.severe >= RED_FLAG_SEVERE or count.total >= RED_FLAG_TOTAL


def red_flag_due(
    store: DiaryStore, user_id: int, now: datetime, zone: ZoneInfo
) -> RecentCount | None:
    """The counts to mention when the note is due now; claiming it keeps it weekly."""
    count = recent_count(store, user_id, local_date(now, zone))
    if is_red_flag(count) and store.claim_red_flag(user_id, now, RED_FLAG_INTERVAL):
        return count
    return None


def doctor_item(catalogue: Catalogue) -> Item | None:
    """The content item the red-flag note quotes and cites: the see-a-doctor tip."""
    tip = catalogue.tip(DOCTOR_TIP_ID)
    if tip is not None:
        return tip
    return next((item for item in catalogue.tips + catalogue.causes if item.see_doctor), None)
