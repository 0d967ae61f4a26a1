"""Remember when each user last wrote to us, for the "active in the last 7 days" figure.

It runs in a handler group after the features, so a first /start has created the
user's row by the time it is written. Users without a row are not tracked.

The moments are kept in memory and written together every `FLUSH_SECONDS`, on `/admin`
and when the bot stops (`ActivityLog.flush`), not once per update: a write per update
was a commit per update, each one a chance to wait for the WAL. A crash loses at most the
last few seconds of a figure that counts days.

The figure is ours, not something the user asked for: when the write fails (a read-only
or full disk), it is logged in one line and the user hears nothing. An apology belongs
only to a write the user asked for, and the feature's handler has made it already.
It is not a change the user asked for either, so it does not mark any update handled
(`bot.core.replays`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from sqlite_utils import Database
from telegram import Update

from bot.clock import to_db
from bot.core import replays

if TYPE_CHECKING:
    from bot.context import BotContext

GROUP = 1
FLUSH_SECONDS = 5.0
CHUNK = 1000
"""Users written per transaction: a flush of many keeps each commit short."""

log = logging.getLogger(__name__)


class ActivityLog:
    def __init__(self, db: Database, room: Callable[[], Awaitable[None]]) -> None:
        """`room` is awaited between chunks (`Checkpoints.room`)."""
        self._db = db
        self._room = room
        self._seen: dict[int, str] = {}
        self._task: asyncio.Task[None] | None = None

    def saw(self, user_id: int, moment: str) -> None:
        self._seen[user_id] = moment

    async def flush(self) -> None:
        seen, self._seen = self._seen, {}
        rows = [(moment, user_id) for user_id, moment in seen.items()]
        for start in range(0, len(rows), CHUNK):
            try:
                with replays.unrecorded(), self._db.atomic():
                    self._db.conn.executemany(
                        "UPDATE users SET last_active_at = ? WHERE user_id = ?",
                        rows[start : start + CHUNK],
                    )
            except sqlite3.Error as exc:
                log.warning("could not record when %s user(s) were active: %s", len(rows), exc)
                return
            await asyncio.sleep(0)
            await self._room()

    def start(self) -> None:
        self._task = asyncio.create_task(self._flush_every(), name="activity")

    async def stop(self) -> None:
        """Once no update is handled any more: what is still in memory is written."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.flush()

    async def _flush_every(self) -> None:
        while True:
            await asyncio.sleep(FLUSH_SECONDS)
            await self.flush()


async def record(update: Update, context: BotContext) -> None:
    if update.effective_user is not None:
        context.bot_data.activity.saw(update.effective_user.id, to_db(context.clock.now()))
