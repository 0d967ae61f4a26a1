"""Reading many diary entries without holding up other chats.

Turning a thousand rows into entries takes a few milliseconds of the event loop (more
on a busy machine), long enough for every other chat to feel it. Read in slices of days
with a pause between them, other updates run in the gaps. An entry logged meanwhile may
or may not be counted, as it would be a moment earlier or later.
"""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from bot.diary.store import DiaryStore, Entry

SLICE_DAYS = 10
"""About 150 entries for someone who logs two cramps a day: well under a millisecond."""


async def entries_between(
    store: DiaryStore, user_id: int, first_day: date, last_day: date
) -> list[Entry]:
    """The entries of these local dates, oldest day first."""
    entries: list[Entry] = []
    start = first_day
    while start <= last_day:
        end = min(start + timedelta(days=SLICE_DAYS - 1), last_day)
        entries += store.between(user_id, start, end)
        start = end + timedelta(days=1)
        if start <= last_day:
            await asyncio.sleep(0)
    return entries
