"""Pruning the bookkeeping that would otherwise grow forever, once a day.

With a million subscribers the daily tip alone adds a million delivery rows a day, and
each broadcast a million recipient rows. They are needed only for a while:

- a delivery row keeps a local date from getting a second tip: kept `DELIVERIES_KEPT`
  after its claim (a local date is over everywhere within two days, and a claim comes at
  or after the time it was due), and so is the count of tips sent per day behind `/admin`;
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
from itertools import takewhile

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


async def _prune_deliveries(db: Database, room: Room, claimed_before: str) -> int:
    """Deliveries are inserted as they are claimed, on the bot's clock, so id order is
    claim order: the old rows are the lowest ids, read and deleted a chunk at a time by
    rowid range, without an index that every claim would have to write (m031). It stops
    at the first row still kept and never reads the newer rows behind it; a row claimed
    out of order (a clock set back) only keeps the older ones after it a little longer."""
    deleted = 0
    while True:
        with db.atomic():
            rows = db.execute(
                "SELECT id, claimed_at FROM deliveries ORDER BY id LIMIT ?", [CHUNK]
            ).fetchall()
            old = list(takewhile(lambda row: row[1] < claimed_before, rows))
            if old:
                deleted += db.execute(
                    "DELETE FROM deliveries WHERE id BETWEEN ? AND ?", [old[0][0], old[-1][0]]
                ).rowcount
        await asyncio.sleep(0)
        await room()
        if len(old) < CHUNK:
            return deleted


async def prune(db: Database, now: datetime, room: Room) -> Pruned:
    """`room` is awaited between chunks (`Checkpoints.room`)."""
    deliveries = await _prune_deliveries(db, room, to_db(now - DELIVERIES_KEPT))
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
