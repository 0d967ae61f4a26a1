"""What the diary's counts show, said only when there are enough of them.

Every insight is a count with its base ("9 of 12", "4 cramps in 6 nights") and the days
it rests on, so the user can weigh it; none says that one thing brings on another, only
what came together. An insight is left out below its minimum sample:

- a share ("most of your cramps came at night", "after you stretched, 5 of 6 cramps
  eased a lot") needs `MIN_CASES` cases in its larger part, and that part must be more
  than half;
- a comparison (nights after days with a trigger, against other nights; this month
  against last) needs `MIN_CASES` on each side: nights the user told about, or days the
  diary covered.

Plain functions over entries and nights: no Telegram, no database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from bot.diary.logic import PartOfDay, part_of_day
from bot.diary.night_states import NightState, cramps_per_night, night_states, nights_ending
from bot.diary.store import Entry, HelpedCounts
from bot.diary.vocabulary import Helped, Tried, Trigger
from bot.knowledge.buttons import Section

MIN_CASES = 5
LOOKBACK_DAYS = 90
"""Insights read the last 90 days: long enough to count, recent enough to still apply."""

Topic = tuple[Section, str]
"""A knowledge item an insight touches: (section, item id), a tip the user can open."""

TRIGGER_TOPICS: dict[Trigger, Topic] = {
    Trigger.EXERCISE: ("tips", "rest-and-recover"),
    Trigger.STANDING: ("tips", "rest-and-recover"),
    Trigger.SITTING: ("tips", "break-up-sitting"),
    Trigger.DEHYDRATION: ("tips", "drink-water"),
    Trigger.MEDICATION: ("tips", "check-medicines"),
}
"""Only the triggers the articles speak about; "something else" links nowhere."""

NIGHT_TOPIC: Topic = ("tips", "toes-in-bed")
"""The article tip about night cramps in particular."""

TRIED_TOPICS: dict[Tried, Topic] = {
    Tried.STRETCHED: ("tips", "stretch"),
    Tried.WATER: ("tips", "drink-water"),
}
"""What the articles say on stretching and drinking; on walking or resting, nothing."""


@dataclass(frozen=True, slots=True)
class TimeOfDay:
    part: PartOfDay
    count: int
    total: int
    days: int
    topic: Topic | None


@dataclass(frozen=True, slots=True)
class TriggerNights:
    trigger: Trigger
    cramps_after: int
    nights_after: int
    cramps_other: int
    nights_other: int
    days: int
    topic: Topic | None


@dataclass(frozen=True, slots=True)
class Months:
    this_month: date
    this_count: int
    this_days: int
    last_month: date
    last_count: int
    last_days: int
    topic: Topic | None = None

    @property
    def days(self) -> int:
        return self.this_days + self.last_days


@dataclass(frozen=True, slots=True)
class FreeNights:
    free: int
    known: int
    longest: int
    longest_to: date
    days: int
    topic: Topic | None = None


@dataclass(frozen=True, slots=True)
class AfterTried:
    """How the cramps after one thing the user did went, by the user's own answers."""

    tried: Tried
    answer: Helped
    count: int
    answered: int
    days: int
    topic: Topic | None


Insight = TimeOfDay | TriggerNights | Months | FreeNights | AfterTried


@dataclass(frozen=True, slots=True)
class Diary:
    """What the insights read: entries from `LOOKBACK_DAYS` + 1 days back (a night's
    cramps may come the evening before it), the free nights in the lookback, and the
    first day the diary has anything for (None for an empty diary)."""

    entries: Sequence[Entry]
    free: set[date]
    first_day: date | None
    today: date
    zone: ZoneInfo
    helped: Mapping[Tried, HelpedCounts] = field(default_factory=dict)
    """Over the lookback: for each thing the user did, how the cramps after it went."""

    @property
    def start(self) -> date | None:
        """The first day the diary has anything for: an entry, or a night called free."""
        return min(
            (day for day in (self.first_day, min(self.free, default=None)) if day is not None),
            default=None,
        )


def _span(diary: Diary) -> int:
    """The days the lookback covers, from the diary's first day if it is younger."""
    start = diary.today - timedelta(days=LOOKBACK_DAYS - 1)
    if diary.start is not None:
        start = max(start, diary.start)
    return (diary.today - start).days + 1


def _lookback(diary: Diary) -> list[Entry]:
    first = diary.today - timedelta(days=LOOKBACK_DAYS - 1)
    return [entry for entry in diary.entries if first <= entry.local_date <= diary.today]


def time_of_day(diary: Diary) -> TimeOfDay | None:
    """Cramps logged as "earlier today" have no time of day, so they are not counted."""
    parts = Counter(
        part
        for part in (part_of_day(entry, diary.zone) for entry in _lookback(diary))
        if part is not PartOfDay.EARLIER
    )
    if not parts:
        return None
    part, count = parts.most_common(1)[0]
    total = sum(parts.values())
    if count < MIN_CASES or 2 * count <= total:
        return None
    topic = NIGHT_TOPIC if part is PartOfDay.NIGHT else None
    return TimeOfDay(part, count, total, _span(diary), topic)


@dataclass(frozen=True, slots=True)
class Nights:
    """The lookback's nights, oldest first, with their cramps and states: counted once
    for every insight that reads nights."""

    nights: list[date]
    per_night: Counter[date]
    states: list[NightState]

    @classmethod
    def of(cls, diary: Diary) -> Nights:
        nights = nights_ending(diary.today, _span(diary))
        per_night = cramps_per_night(diary.entries, diary.zone)
        return cls(nights, per_night, night_states(per_night, diary.free, nights))

    def known(self) -> list[date]:
        """The nights the user told about: a cramp logged, or called free."""
        return [
            night
            for night, state in zip(self.nights, self.states, strict=True)
            if state is not NightState.UNKNOWN
        ]


def trigger_nights(diary: Diary, nights: Nights, trigger: Trigger) -> TriggerNights | None:
    """Nights that follow a day with a cramp noted with this trigger, against the other
    nights the user told about."""
    days_with = {entry.local_date for entry in diary.entries if trigger in entry.triggers}
    known = nights.known()
    after = [night for night in known if night - timedelta(days=1) in days_with]
    other = [night for night in known if night - timedelta(days=1) not in days_with]
    if len(after) < MIN_CASES or len(other) < MIN_CASES:
        return None
    return TriggerNights(
        trigger,
        sum(nights.per_night[night] for night in after),
        len(after),
        sum(nights.per_night[night] for night in other),
        len(other),
        _span(diary),
        TRIGGER_TOPICS.get(trigger),
    )


def months(diary: Diary) -> Months | None:
    """This month so far against all of last month, each over the days the diary covers."""
    start = diary.start
    if start is None:
        return None
    this_start = diary.today.replace(day=1)
    last_end = this_start - timedelta(days=1)
    last_start = last_end.replace(day=1)
    this_days = (diary.today - max(this_start, start)).days + 1
    last_days = (last_end - max(last_start, start)).days + 1
    if this_days < MIN_CASES or last_days < MIN_CASES:
        return None
    counts = Counter(
        "this" if entry.local_date >= this_start else "last"
        for entry in diary.entries
        if last_start <= entry.local_date <= diary.today
    )
    return Months(this_start, counts["this"], this_days, last_start, counts["last"], last_days)


def free_nights(diary: Diary, nights: Nights) -> FreeNights | None:
    """How many of the nights the user told about were free, and the longest run of them."""
    free = sum(1 for state in nights.states if state is NightState.FREE)
    if free < MIN_CASES:
        return None
    longest, longest_to, run = 0, nights.nights[0], 0
    for night, state in zip(nights.nights, nights.states, strict=True):
        run = run + 1 if state is NightState.FREE else 0
        if run > longest:
            longest, longest_to = run, night
    return FreeNights(free, len(nights.known()), longest, longest_to, _span(diary))


def after_tried(diary: Diary, tried: Tried) -> AfterTried | None:
    """The answer most of the answered cramps after `tried` got, when it is most of them."""
    counts = diary.helped.get(tried)
    if counts is None:
        return None
    answers = {
        Helped.A_LOT: counts.a_lot,
        Helped.A_LITTLE: counts.a_little,
        Helped.NOT_AT_ALL: counts.not_at_all,
    }
    answer = max(answers, key=answers.__getitem__)
    count = answers[answer]
    if count < MIN_CASES or 2 * count <= counts.answered:
        return None
    return AfterTried(tried, answer, count, counts.answered, _span(diary), TRIED_TOPICS.get(tried))


def insights(diary: Diary) -> list[Insight]:
    """Every insight above its sample, the broadest first."""
    nights = Nights.of(diary)
    found: list[Insight | None] = [months(diary), time_of_day(diary), free_nights(diary, nights)]
    found += [trigger_nights(diary, nights, trigger) for trigger in Trigger]
    found += [after_tried(diary, tried) for tried in Tried]
    return [insight for insight in found if insight is not None]
