"""Who is due a scheduled message, and the record of each kind's message per local day.

A delivery is claimed ('sending') before the message leaves and settled afterwards
('sent', or 'failed' when Telegram refused the message itself). A 'sent' row without a
message_id is one Telegram never answered (a read timeout): probably delivered, so
never resent.

Each row records its kind, the local date it was for, the instant it was scheduled for
and the zone then in force. A local date of the user's present zone has had its message
of a kind when a delivery of that kind's scheduled instant falls on it, whatever zone
that delivery was made in: so after a change of zone no day gets a second one and none
is skipped. The claim inserts its row only if its day has no such delivery, in one
statement, so a second claim for the same day and kind is a no-op, whoever tries it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from enum import Enum, auto
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from bot.clock import to_db
from bot.core.schedule import EVERY_DAY, day_start, next_delivery, scheduled_day
from bot.daily.kinds import Kind

# Paging by (next_due_at, kind, user_id), split in three so that each part is one index
# range: the rest of the last page's kind, the rest of its minute, then later minutes.
# A single `(a, b, c) > (?, ?, ?)` test makes SQLite rescan a whole crowded minute for
# every page. Within a minute the kinds come one after the other, not a user's three
# in a row: Telegram allows one bulk message a second per chat, so a user's next
# message right behind the last would hold a sender for that second.
DUE_SQL = """
    SELECT user_id, kind, local_time, days, silent, next_due_at FROM schedules
    WHERE next_due_at = :after_at AND kind = :after_kind AND user_id > :after_id
    UNION ALL
    SELECT user_id, kind, local_time, days, silent, next_due_at FROM schedules
    WHERE next_due_at = :after_at AND kind > :after_kind
    UNION ALL
    SELECT user_id, kind, local_time, days, silent, next_due_at FROM schedules
    WHERE next_due_at > :after_at AND next_due_at <= :now
    ORDER BY 6, 2, 1
    LIMIT :limit
"""


class DueSend(NamedTuple):
    """A due schedule as stored (read from its covering index alone, so a crowded minute
    selects fast); values are parsed only when its message is sent."""

    user_id: int
    kind: str
    local_time: str
    days: int
    silent: int
    next_due_at: str

    @property
    def position(self) -> tuple[str, str, int]:
        """Where the next page of due schedules starts."""
        return self.next_due_at, self.kind, self.user_id


class Recipient(NamedTuple):
    """Who a due message goes to, read once its turn comes."""

    chat_id: int
    timezone: str
    paused_at: str | None
    paused_until: str | None


START = ("", "", 0)


class Unread(Enum):
    """`DeliveryStore.next_open` without the page's `newest`: it reads each day it tries."""

    UNREAD = auto()


class Settled(NamedTuple):
    """A sent (or refused) message's record, written with its batch (`DeliveryStore.settle`).

    Its schedule moves on from the due time it was sent for (`was_due_at`) to
    `following`; one the user changed meanwhile (another time, zone or day) already has
    its own next message and is left alone.
    """

    claim: int
    sent: bool
    sent_at: str
    message_id: int | None
    user_id: int
    kind: str
    was_due_at: str
    following: str


class DeliveryStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def due(
        self, now: datetime, after: tuple[str, str, int] = START, limit: int = 500
    ) -> list[DueSend]:
        """One page of due schedules of every kind, found through the next_due_at index.

        Paging by (next_due_at, kind, user_id) means a schedule left due (to retry
        later) is not picked up again within the same run.
        """
        params = {
            "now": to_db(now),
            "after_at": after[0],
            "after_kind": after[1],
            "after_id": after[2],
            "limit": limit,
        }
        return list(map(DueSend._make, self._db.execute(DUE_SQL, params).fetchall()))

    def recipients(self, user_ids: Sequence[int]) -> dict[int, Recipient]:
        """Who these due messages go to; a user missing has used /forget."""
        rows = self._db.execute(
            "SELECT user_id, chat_id, timezone, paused_at, paused_until FROM users "
            "WHERE user_id IN (SELECT value FROM json_each(?))",
            [json.dumps(list(user_ids))],
        ).fetchall()
        return {row[0]: Recipient._make(row[1:]) for row in rows}

    def count_due(self, now: datetime) -> int:
        """How many scheduled messages are due, for the shutdown report."""
        row = self._db.execute(
            "SELECT count(*) FROM schedules WHERE next_due_at <= ?", [to_db(now)]
        ).fetchone()
        return int(row[0])

    def claim(
        self,
        user_id: int,
        kind: Kind,
        local_date: date,
        scheduled_at: datetime,
        zone: ZoneInfo,
        item_id: str,
        now: datetime,
    ) -> int | None:
        """Claim the user's message of `kind` for that local date; None if it had one, or
        if the user has used /forget since."""
        start, end = _day_range(local_date, zone)
        cursor = self._db.execute(
            "INSERT INTO deliveries (user_id, kind, local_date, tip_id, status, claimed_at, "
            "scheduled_at, timezone) SELECT ?, ?, ?, ?, 'sending', ?, ?, ? "
            "WHERE EXISTS (SELECT 1 FROM users WHERE user_id = ?) "
            "AND NOT EXISTS (SELECT 1 FROM deliveries WHERE user_id = ? AND kind = ? "
            "AND scheduled_at >= ? AND scheduled_at < ?) "
            "ON CONFLICT (user_id, kind, timezone, local_date) DO NOTHING",
            [
                user_id,
                kind.value,
                local_date.isoformat(),
                item_id,
                to_db(now),
                to_db(scheduled_at),
                zone.key,
                user_id,
                user_id,
                kind.value,
                start,
                end,
            ],
        )
        return cursor.lastrowid if cursor.rowcount == 1 else None

    def settle(self, settled: Sequence[Settled]) -> None:
        """Mark each claim 'sent', or 'failed' when Telegram refused the message, and move
        its schedule on (see `Settled`); one statement of each for a whole batch.

        A failed day is not retried every minute; the next message is the next day's.
        """
        self._db.conn.executemany(
            "UPDATE deliveries SET status = ?, sent_at = ?, message_id = ? WHERE id = ?",
            [
                ("sent" if row.sent else "failed", row.sent_at, row.message_id, row.claim)
                for row in settled
            ],
        )
        self._db.conn.executemany(
            "UPDATE schedules SET next_due_at = CASE WHEN enabled = 1 THEN ? END, "
            "once_on = NULL WHERE user_id = ? AND kind = ? AND next_due_at = ?",
            [(row.following, row.user_id, row.kind, row.was_due_at) for row in settled],
        )

    def release(self, claim: int) -> None:
        """The message certainly did not go out: let a later run claim the day again."""
        self._db.execute("DELETE FROM deliveries WHERE id = ? AND status = 'sending'", [claim])

    def move_next(self, user_id: int, kind: Kind, next_due_at: datetime | None) -> None:
        """Move a schedule's next message; one that is off is left without one (its one
        message, if it had one, has had its turn: see `ScheduleStore.ask_once`)."""
        self._db.execute(
            "UPDATE schedules SET next_due_at = CASE WHEN enabled = 1 THEN ? END, "
            "once_on = NULL WHERE user_id = ? AND kind = ?",
            [to_db(next_due_at) if next_due_at else None, user_id, kind.value],
        )

    def skip_due(self, now: datetime) -> int:
        """Move every schedule due by `now` to its next message after it (one that is off
        and was due its one message, to none).

        For the first start on a restored backup (`bot.core.backup`): the bot that ran on
        after the snapshot may have sent these, and the copy has no record of it.
        """
        rows = self._db.execute(
            "SELECT s.user_id, s.kind, u.timezone, s.local_time, s.days, s.enabled "
            "FROM schedules s JOIN users u ON u.user_id = s.user_id WHERE s.next_due_at <= ?",
            [to_db(now)],
        ).fetchall()
        moves = [
            (
                to_db(next_delivery(now, time.fromisoformat(at), ZoneInfo(zone), days))
                if enabled
                else None,
                user_id,
                kind,
            )
            for user_id, kind, zone, at, days, enabled in rows
        ]
        with self._db.atomic():
            self._db.conn.executemany(
                "UPDATE schedules SET next_due_at = ?, once_on = NULL "
                "WHERE user_id = ? AND kind = ?",
                moves,
            )
        return len(moves)

    def newest(self, page: Sequence[DueSend]) -> dict[tuple[int, str], str]:
        """For each due schedule of the page, the latest instant a message of its kind was
        scheduled for (claimed or sent) for its user; none for one never sent.

        One read a page, which spares almost every message `next_open`'s reads: a later
        local day can only have had its message from a delivery scheduled on or after it."""
        rows = self._db.execute(
            "SELECT d.value ->> 0, d.value ->> 1, (SELECT max(scheduled_at) FROM deliveries "
            "WHERE user_id = d.value ->> 0 AND kind = d.value ->> 1) FROM json_each(?) d",
            [json.dumps([[due.user_id, due.kind] for due in page])],
        ).fetchall()
        return {(user_id, kind): newest for user_id, kind, newest in rows if newest is not None}

    def served(self, user_id: int, kind: Kind, local_date: date, zone: ZoneInfo) -> bool:
        """Whether that local date of `zone` has had its message of `kind` (or one in flight)."""
        start, end = _day_range(local_date, zone)
        row = self._db.execute(
            "SELECT 1 FROM deliveries WHERE user_id = ? AND kind = ? "
            "AND scheduled_at >= ? AND scheduled_at < ?",
            [user_id, kind.value, start, end],
        ).fetchone()
        return row is not None

    def next_open(
        self,
        user_id: int,
        kind: Kind,
        after: datetime,
        at: time,
        zone: ZoneInfo,
        days: int = EVERY_DAY,
        newest: str | Literal[Unread.UNREAD] | None = Unread.UNREAD,
    ) -> datetime:
        """The first delivery later than `after`, on one of `days`, on a local day that has
        not had its message of `kind`.

        `newest` is the latest instant a message of `kind` was scheduled for, when the
        caller has read it for many users at once (`newest`; None: never): a local day
        that begins after it cannot have had its message, so it is not read."""
        due = next_delivery(after, at, zone, days)
        while True:
            day = scheduled_day(due, at, zone)
            if newest is None or (
                newest is not Unread.UNREAD and newest < _day_range(day, zone)[0]
            ):
                return due
            if not self.served(user_id, kind, day, zone):
                return due
            due = next_delivery(due, at, zone, days)

    def zone_prompt_due(self, user_id: int) -> bool:
        """Whether the user has not yet been asked to replace an odd zone (see `Scheduler`)."""
        row = self._db.execute(
            "SELECT zone_prompted_at IS NULL FROM users WHERE user_id = ?", [user_id]
        ).fetchone()
        return bool(row and row[0])

    def zone_prompted(self, user_id: int, now: datetime) -> None:
        self._db.execute(
            "UPDATE users SET zone_prompted_at = ? WHERE user_id = ?", [to_db(now), user_id]
        )


@functools.lru_cache(maxsize=1024)
def _day_range(day: date, zone: ZoneInfo) -> tuple[str, str]:
    """Local `day` as a half-open range of stored UTC times; a daily run asks it for the
    same few days and zones for every user."""
    return to_db(day_start(day, zone)), to_db(day_start(day + timedelta(days=1), zone))
