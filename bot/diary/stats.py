"""Counting a diary over recent local days: the numbers behind /stats and its chart.

Windows are whole local days ending today, so "the last 7 days" means what the user
thinks it means wherever they live.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot.diary.nights import night_of
from bot.diary.store import Entry

MUSCLES = ("calf", "foot", "thigh", "other")
TRIGGERS = ("exercise", "standing", "sitting", "dehydration", "medication", "other")


@dataclass(frozen=True, slots=True)
class WindowSummary:
    days: int
    count: int
    nights: int
    average_severity: float | None
    top_muscles: tuple[str, ...]
    top_triggers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DayCount:
    day: date
    mild: int
    moderate: int
    severe: int
    cramp_free: bool = False
    """The night that ended this morning was called free of cramps (and had none logged)."""


def in_window(entries: Sequence[Entry], today: date, days: int) -> list[Entry]:
    first = today - timedelta(days=days - 1)
    return [entry for entry in entries if first <= entry.local_date <= today]


def disturbed_night(entry: Entry) -> bool:
    """Two cramps in one night disturb one night: callers count distinct local dates. A
    time of day of "night" is the small hours of the entry's date, so its night too."""
    return entry.when_kind == "night" or entry.day_part == "night" or entry.woke is True


def _most_common(values: list[str], order: tuple[str, ...]) -> tuple[str, ...]:
    """Every value tied for first place, in a fixed order, so a tie is not hidden."""
    counts = Counter(values)
    if not counts:
        return ()
    top = max(counts.values())
    return tuple(value for value in order if counts[value] == top)


def summarise(entries: Sequence[Entry], today: date, days: int, zone: ZoneInfo) -> WindowSummary:
    """Nights are counted as `nights.night_of` names them in the user's zone: a cramp at
    23:30 and one at 03:00 disturbed one night."""
    window = in_window(entries, today, days)
    return WindowSummary(
        days=days,
        count=len(window),
        nights=len(
            {
                night_of(entry.happened_at.astimezone(zone))
                for entry in window
                if disturbed_night(entry)
            }
        ),
        average_severity=(
            sum(entry.severity for entry in window) / len(window) if window else None
        ),
        top_muscles=_most_common([entry.muscle for entry in window], MUSCLES),
        top_triggers=_most_common(
            [trigger for entry in window for trigger in entry.triggers], TRIGGERS
        ),
    )


def per_day(
    entries: Sequence[Entry], today: date, days: int, free_nights: Collection[date] = ()
) -> list[DayCount]:
    """One row per local day, oldest first, days without cramps included; a day is marked
    when the night ending that morning is in `free_nights`."""
    counts = Counter(
        (entry.local_date, entry.severity) for entry in in_window(entries, today, days)
    )
    return [
        DayCount(day, counts[(day, 1)], counts[(day, 2)], counts[(day, 3)], day in free_nights)
        for day in (today - timedelta(days=offset) for offset in range(days - 1, -1, -1))
    ]
