"""The numbers behind /report: a diary period summed up for a doctor, no Telegram, no PDF.

Everything is counted in the user's local days. A night belongs to the day it ends on
(night N runs from the evening of day N-1 to the morning of day N), which is the day a
"during the night" entry is stored under.

A night is cramp-free only when the user said so (`bot.diary.nights`); a night with
neither a cramp nor that answer is unknown. Duration, what the user did and whether it
helped are counted over the cramps that have them: the others are "not recorded", never
taken for "no".
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
from bot.diary.vocabulary import Duration, Helped, Muscle, Side, Tried, Trigger

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
class TriedFigure:
    """How often the user did one thing for a cramp, and how it went by their answer."""

    tried: Tried
    times: int
    helped: tuple[tuple[Helped, int], ...]
    """Each answer with its count, in the vocabulary's order; unanswered ones left out."""


@dataclass(frozen=True, slots=True)
class Note:
    day: date
    text: str


@dataclass(frozen=True, slots=True)
class ReportFigures:
    span: Span
    cramps: int
    days_with_cramps: int
    nights_disturbed: int
    nights_unknown: int
    confirmed_free_nights: int
    typical_duration: Duration | None
    """The most often given duration (the longer one on a tie)."""
    durations: tuple[tuple[Duration, int], ...]
    tried: tuple[TriedFigure, ...]
    notes: tuple[Note, ...]
    """Newest first."""
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


def _bars(entries: Sequence[Entry], span: Span, unit: BarUnit, free: set[date]) -> tuple[Bar, ...]:
    """Only a day's bar can say its night was free: a week's or month's bar would mix."""
    counts = Counter((_bar_start(entry.local_date, unit), entry.severity) for entry in entries)
    starts: list[date] = []
    day = span.first
    while day <= span.last:
        start = _bar_start(day, unit)
        if not starts or starts[-1] != start:
            starts.append(start)
        day += timedelta(days=1)
    return tuple(
        Bar(
            start,
            counts[(start, 1)],
            counts[(start, 2)],
            counts[(start, 3)],
            cramp_free=unit is BarUnit.DAY and start in free,
        )
        for start in starts
    )


def _typical(durations: Counter[Duration]) -> Duration | None:
    order = tuple(Duration)
    return max(durations, key=lambda d: (durations[d], order.index(d)), default=None)


def _tried(entries: Sequence[Entry]) -> tuple[TriedFigure, ...]:
    """Most often done first."""
    found = []
    for tried, times in _counted([t for entry in entries for t in entry.tried], tuple(Tried)):
        answers = Counter(entry.helped for entry in entries if tried in entry.tried)
        found.append(
            TriedFigure(
                tried,
                times,
                tuple((helped, answers[helped]) for helped in Helped if answers[helped]),
            )
        )
    return tuple(found)


def figures(
    entries: Sequence[Entry], span: Span, zone: ZoneInfo, free_nights: set[date]
) -> ReportFigures:
    """`entries` (and `free_nights`, the nights the user called free) may hold more than
    the span: only the span's own are counted. A night called free that has a night
    cramp after all counts as disturbed."""
    kept = [entry for entry in entries if span.holds(entry.local_date)]
    nights = {entry.local_date for entry in kept if disturbed_night(entry)}
    free = {night for night in free_nights if span.holds(night)} - nights
    severity = Counter(entry.severity for entry in kept)
    woke = Counter(entry.woke for entry in kept)
    durations = Counter(entry.duration for entry in kept if entry.duration is not None)
    unit = _bar_unit(span)
    newest_first = sorted(kept, key=lambda entry: (entry.happened_at, entry.id), reverse=True)
    return ReportFigures(
        span=span,
        cramps=len(kept),
        days_with_cramps=len({entry.local_date for entry in kept}),
        nights_disturbed=len(nights),
        nights_unknown=span.days - len(nights) - len(free),
        confirmed_free_nights=len(free),
        typical_duration=_typical(durations),
        durations=_counted(list(durations.elements()), tuple(Duration)),
        tried=_tried(kept),
        notes=tuple(Note(entry.local_date, entry.note) for entry in newest_first if entry.note),
        severity=(severity[1], severity[2], severity[3]),
        parts_of_day=_counted([part_of_day(entry, zone) for entry in kept], tuple(PartOfDay)),
        muscles=_counted([entry.muscle for entry in kept], tuple(Muscle)),
        sides=_counted([entry.side for entry in kept], tuple(Side)),
        woke=(woke[True], woke[False], woke[None]),
        triggers=_counted([t for entry in kept for t in entry.triggers], tuple(Trigger)),
        bar_unit=unit,
        bars=_bars(kept, span, unit, free),
    )
