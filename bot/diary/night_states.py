"""Each night as the diary knows it: with cramps, cramp-free (the user said so), or unknown.

Nights are `nights.night_of` nights, taken from each entry's moment in the user's zone,
so a cramp at 23:30 counts for the night that ends the next morning. Only night cramps
mark a night: one logged at night (by the clock or as "during the night"), or one that
woke the user. A logged cramp outweighs a "no cramps" answer for the same night: the
entry is the more specific record.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.diary.logic import PartOfDay, part_of_day
from bot.diary.nights import night_of
from bot.diary.store import Entry
from bot.diary.typed import Said

NIGHT_OVER_AT = time(5, 0)
"""From this local time on, the night named by today's date is over and can be called
cramp-free; before it, the user is still in it."""


class NightState(StrEnum):
    CRAMPS = "cramps"
    FREE = "free"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class NightCounts:
    nights: int
    with_cramps: int
    free: int
    unknown: int


def is_night_cramp(entry: Entry, zone: ZoneInfo) -> bool:
    return entry.woke is True or part_of_day(entry, zone) is PartOfDay.NIGHT


def night_of_entry(entry: Entry, zone: ZoneInfo) -> date:
    return night_of(entry.happened_at.astimezone(zone))


def cramps_per_night(entries: Iterable[Entry], zone: ZoneInfo) -> Counter[date]:
    """How many night cramps each night had; nights without any are absent."""
    return Counter(night_of_entry(entry, zone) for entry in entries if is_night_cramp(entry, zone))


def nights_ending(last: date, count: int) -> list[date]:
    """`count` nights, oldest first, the last one named `last`."""
    return [last - timedelta(days=offset) for offset in range(count - 1, -1, -1)]


def night_states(
    per_night: Counter[date], free: set[date], nights: Sequence[date]
) -> list[NightState]:
    return [
        NightState.CRAMPS
        if per_night[night]
        else NightState.FREE
        if night in free
        else NightState.UNKNOWN
        for night in nights
    ]


def count_states(states: Sequence[NightState]) -> NightCounts:
    counts = Counter(states)
    return NightCounts(
        len(states), counts[NightState.CRAMPS], counts[NightState.FREE], counts[NightState.UNKNOWN]
    )


def finished_night(said: Said | None, local_now: datetime) -> date | None:
    """The night a "no cramps" answer is about, or None while that night is not over.

    "Last night" is the night that ended this morning, once the morning has come.
    "Tonight", or no word for when, is the night the user is in or has just left: over
    only between its morning and noon (at 20:00, "tonight" has not happened yet).
    """
    today = local_now.date()
    clock = local_now.time()
    if clock < NIGHT_OVER_AT:
        return None
    if said is Said.LAST_NIGHT or night_of(local_now) == today:
        return today
    return None
