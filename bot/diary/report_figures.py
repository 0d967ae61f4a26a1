"""The numbers behind /report: a diary period summed up for a doctor, no Telegram, no PDF.

Everything is counted in the user's local days. A night belongs to the day it ends on
(night N runs from the evening of day N-1 to the morning of day N), which is the day a
"during the night" entry is stored under.

Some figures the report has a place for are not recorded by the diary yet (how long a
cramp lasted, nights the user confirmed free of cramps); they stay None, and the report
says "not recorded" rather than guess.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TypeVar
from zoneinfo import ZoneInfo

from bot.diary.logic import PartOfDay, part_of_day
from bot.diary.stats import disturbed_night
from bot.diary.store import Entry
from bot.diary.vocabulary import Muscle, Side, Trigger

T = TypeVar("T")

DAILY_BARS_UP_TO_DAYS = 92
WEEKLY_BARS_UP_TO_DAYS = 7 * 105


class ReportPeriod(StrEnum):
    LAST_30 = "30"
    LAST_90 = "90"
    EVERYTHING = "all"


class BarUnit(StrEnum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True, slots=True)
class Span:
    """Whole local days, first and last included."""

    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def holds(self, day: date) -> bool:
        return self.first <= day <= self.last


def span_of(period: ReportPeriod, today: date, first_entry: date | None) -> Span:
    """ "Everything" starts at the first entry, so it never pads the chart with empty years."""
    if period is ReportPeriod.EVERYTHING:
        return Span(min(first_entry or today, today), today)
    return Span(today - timedelta(days=int(period.value) - 1), today)


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of the chart: a day, a week or a month, from `start` on."""

    start: date
    mild: int
    moderate: int
    severe: int
    cramp_free: bool


@dataclass(frozen=True, slots=True)
class ReportFigures:
    span: Span
    cramps: int
    days_with_cramps: int
    nights_disturbed: int
    nights_unknown: int
    confirmed_free_nights: int | None
    typical_duration: str | None
    severity: tuple[int, int, int]
    parts_of_day: tuple[tuple[PartOfDay, int], ...]
    muscles: tuple[tuple[Muscle, int], ...]
    sides: tuple[tuple[Side, int], ...]
    woke: tuple[int, int, int]
    triggers: tuple[tuple[Trigger, int], ...]
    bar_unit: BarUnit
    bars: tuple[Bar, ...]


def _counted(values: Sequence[T], order: Sequence[T]) -> tuple[tuple[T, int], ...]:
    """Most frequent first; values never logged are left out."""
    counts = Counter(values)
    ranked = sorted((value for value in order if counts[value]), key=lambda v: -counts[v])
    return tuple((value, counts[value]) for value in ranked)


def _bar_start(day: date, unit: BarUnit) -> date:
    if unit is BarUnit.DAY:
        return day
    if unit is BarUnit.WEEK:
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def _bar_unit(span: Span) -> BarUnit:
    if span.days <= DAILY_BARS_UP_TO_DAYS:
        return BarUnit.DAY
    return BarUnit.WEEK if span.days <= WEEKLY_BARS_UP_TO_DAYS else BarUnit.MONTH


def _bars(entries: Sequence[Entry], span: Span, unit: BarUnit) -> tuple[Bar, ...]:
    counts = Counter((_bar_start(entry.local_date, unit), entry.severity) for entry in entries)
    starts: list[date] = []
    day = span.first
    while day <= span.last:
        start = _bar_start(day, unit)
        if not starts or starts[-1] != start:
            starts.append(start)
        day += timedelta(days=1)
    return tuple(
        Bar(start, counts[(start, 1)], counts[(start, 2)], counts[(start, 3)], cramp_free=False)
        for start in starts
    )


def figures(entries: Sequence[Entry], span: Span, zone: ZoneInfo) -> ReportFigures:
    """`entries` may hold more than the span: only the span's own are counted."""
    kept = [entry for entry in entries if span.holds(entry.local_date)]
    nights = {entry.local_date for entry in kept if disturbed_night(entry)}
    severity = Counter(entry.severity for entry in kept)
    woke = Counter(entry.woke for entry in kept)
    unit = _bar_unit(span)
    return ReportFigures(
        span=span,
        cramps=len(kept),
        days_with_cramps=len({entry.local_date for entry in kept}),
        nights_disturbed=len(nights),
        nights_unknown=span.days - len(nights),
        confirmed_free_nights=None,
        typical_duration=None,
        severity=(severity[1], severity[2], severity[3]),
        parts_of_day=_counted([part_of_day(entry, zone) for entry in kept], tuple(PartOfDay)),
        muscles=_counted([entry.muscle for entry in kept], tuple(Muscle)),
        sides=_counted([entry.side for entry in kept], tuple(Side)),
        woke=(woke[True], woke[False], woke[None]),
        triggers=_counted(
            [entry.trigger for entry in kept if entry.trigger is not None], tuple(Trigger)
        ),
        bar_unit=unit,
        bars=_bars(kept, span, unit),
    )
