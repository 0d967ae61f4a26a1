"""The weekly summary (issue 15): this week against the week before, with the chart.

Counts come from the diary and the cramp-free nights the user told the check-in or the
diary about (`bot.diary.nights`); a night neither logged nor answered is not counted
either way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlite_utils import Database

from bot.core.rendering import Renderer
from bot.daily import texts
from bot.diary import charts
from bot.diary import stats as diary_stats
from bot.diary.nights import NightStore
from bot.diary.store import DiaryStore, Entry

WEEK = 7


@dataclass(frozen=True, slots=True)
class WeeklySummary:
    text: str
    chart: bytes | None
    """None when neither week has a cramp: an empty chart says nothing."""


async def render_chart(renderer: Renderer, days: list[diary_stats.DayCount]) -> bytes:
    """The one place the summary draws: /stats' chart, in the drawing process as /stats."""
    return await renderer.run(charts.cramps_per_day_png, days)


async def weekly_summary(
    db: Database, renderer: Renderer, user_id: int, last: date
) -> WeeklySummary:
    """The summary of the seven local days ending on `last`, against the seven before."""
    first_before = last - timedelta(days=2 * WEEK - 1)
    cut = last - timedelta(days=WEEK - 1)
    entries = [e for e in DiaryStore(db).since(user_id, first_before) if e.local_date <= last]
    this = [e for e in entries if e.local_date >= cut]
    before = [e for e in entries if e.local_date < cut]
    free = NightStore(db).free_nights(user_id, first_before, last)

    def nights(week: list[Entry]) -> int:
        return len({e.local_date for e in week if diary_stats.disturbed_night(e)})

    text = texts.weekly_summary(
        cut,
        last,
        (len(this), len(before)),
        (nights(this), nights(before)),
        (sum(1 for n in free if n >= cut), sum(1 for n in free if n < cut)),
    )
    if not entries:
        return WeeklySummary(text, None)
    days = diary_stats.per_day(entries, last, 2 * WEEK)
    return WeeklySummary(text, await render_chart(renderer, days))
