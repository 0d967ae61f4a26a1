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
from bot.diary.vocabulary import Muscle, Severity, Side, WhenKind
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


def happened_at(when: WhenKind, logged_at: datetime, zone: ZoneInfo) -> datetime:
    """A best guess at the moment, for ordering and counting; `when_kind` keeps it honest.

    "During the night" is 03:00 local on the day of logging (or the logging time, if the
    night is not over yet); "earlier today" is halfway between local midnight and logging.
    """
    if when == "now":
        return logged_at
    day = local_date(logged_at, zone)
    if when == "night":
        return min(delivery_instant(day, NIGHT_TIME, zone), logged_at)
    midnight = delivery_instant(day, time(0, 0), zone)
    return midnight + (logged_at - midnight) / 2


class PartOfDay(StrEnum):
    NIGHT = "night"
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    # Logged as "earlier today": some time between midnight and logging, no closer.
    EARLIER = "earlier"


MORNING_FROM = time(6, 0)
AFTERNOON_FROM = time(12, 0)
EVENING_FROM = time(18, 0)
NIGHT_FROM = time(22, 0)


def part_of_day(entry: Entry, zone: ZoneInfo) -> PartOfDay:
    """What the entry says about the time of day, and no more than it says."""
    if entry.when_kind == WhenKind.NIGHT:
        return PartOfDay.NIGHT
    if entry.when_kind == WhenKind.EARLIER:
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
) -> tuple[Entry, bool]:
    """Save a cramp as "just now"; a repeated tap on the same flow returns the first entry."""
    return store.add(
        user_id, flow_message_id, now, local_date(now, zone), muscle, side, severity.level
    )


def refine_when(
    store: DiaryStore, user_id: int, entry_id: int, when: WhenKind, zone: ZoneInfo
) -> Entry | None:
    entry = store.get(user_id, entry_id)
    if entry is None:
        return None
    moment = happened_at(when, entry.logged_at, zone)
    return store.set_when(user_id, entry_id, when, moment, local_date(moment, zone))


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
