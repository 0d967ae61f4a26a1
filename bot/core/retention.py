"""Pruning the bookkeeping that would otherwise grow forever, once a day.

With a million subscribers the daily tip alone adds a million delivery rows a day, and
each broadcast a million recipient rows. They are needed only for a while:

- a delivery row keeps a local date from getting a second tip: kept `DELIVERIES_KEPT` (a
  local date is over everywhere within two days), and so is the count of tips sent per
  day behind `/admin`;
- a finished broadcast's recipient rows: its report is stored on the broadcast itself,
  so they are kept `RECIPIENTS_KEPT` after it ends, for questions about it, then go;
- feedback records (when someone sent /feedback, and where the team's copies are): kept
  `FEEDBACK_KEPT`; after that a team member's reply to an old copy no longer reaches the
  sender;
- update ids are pruned after 48 hours as they are written (`bot.core.replays.KEEP`).

The diary, settings and the tip rotation (whose "no repeats" needs all of it) are kept
until the user erases them. Deleting is chunked like every write that grows with the
data: short transactions, with the event loop free in between.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from bot.clock import to_db
from bot.context import BotContext
from bot.core.feature import RepeatingJob

log = logging.getLogger(__name__)

DELIVERIES_KEPT = timedelta(days=7)
RECIPIENTS_KEPT = timedelta(days=14)
FEEDBACK_KEPT = timedelta(days=90)
CHUNK = 250
"""Rows deleted per transaction: a few milliseconds of the only writer."""


@dataclass(frozen=True, slots=True)
class Pruned:
    deliveries: int
    recipients: int
    feedback: int


Room = Callable[[], Awaitable[None]]


async def _delete_in_chunks(db: Database, room: Room, sql: str, params: list[object]) -> int:
    """`sql` deletes at most `CHUNK` rows (its last parameter); repeated until none are left."""
    deleted = 0
    while True:
        with db.atomic():
            count = db.execute(sql, [*params, CHUNK]).rowcount  # sql-from-callers
        deleted += count
        await asyncio.sleep(0)
        await room()
        if count < CHUNK:
            return deleted


async def prune(db: Database, now: datetime, room: Room) -> Pruned:
    """`room` is awaited between chunks (`Checkpoints.room`)."""
    deliveries = await _delete_in_chunks(
        db,
        room,
        "DELETE FROM deliveries WHERE id IN "
        "(SELECT id FROM deliveries WHERE scheduled_at < ? LIMIT ?)",
        [to_db(now - DELIVERIES_KEPT)],
    )
    db.execute(
        "DELETE FROM tips_sent_per_day WHERE day < ?",
        [(now - DELIVERIES_KEPT).date().isoformat()],
    )
    recipients = 0
    finished = db.execute(
        "SELECT id FROM broadcasts WHERE status = 'done' AND finished_at < ? "
        "AND EXISTS (SELECT 1 FROM broadcast_recipients WHERE broadcast_id = broadcasts.id)",
        [to_db(now - RECIPIENTS_KEPT)],
    ).fetchall()
    for (broadcast_id,) in finished:
        recipients += await _delete_in_chunks(
            db,
            room,
            "DELETE FROM broadcast_recipients WHERE rowid IN (SELECT rowid FROM "
            "broadcast_recipients WHERE broadcast_id = ? LIMIT ?)",
            [broadcast_id],
        )
        db.execute("DELETE FROM broadcast_tally WHERE broadcast_id = ?", [broadcast_id])
    feedback = await _delete_in_chunks(
        db,
        room,
        "DELETE FROM feedback WHERE id IN "
        "(SELECT id FROM feedback WHERE sent_at < ? ORDER BY id LIMIT ?)",
        [to_db(now - FEEDBACK_KEPT)],
    )
    return Pruned(deliveries, recipients, feedback)


async def prune_job(context: BotContext) -> None:
    data = context.bot_data
    pruned = await prune(data.db, data.clock.now(), data.checkpoints.room)
    log.info(
        "pruned %s delivery record(s), %s broadcast recipient row(s), %s feedback record(s)",
        pruned.deliveries,
        pruned.recipients,
        pruned.feedback,
    )


JOB = RepeatingJob(name="retention", callback=prune_job, interval=24 * 3600, first=10 * 60)
