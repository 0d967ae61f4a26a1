"""Who is due a daily tip, and the record of each day's tip.

A delivery is claimed ('sending') before the message leaves and settled afterwards
('sent', or 'failed' when Telegram refused the message itself). A 'sent' row without a
message_id is one Telegram never answered (a read timeout): probably delivered, so
never resent. UNIQUE(user_id, local_date) turns a second claim for the same day into
a no-op, whoever tries it.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from bot.clock import to_db
from bot.core.schedule import next_delivery

# Paging by (next_tip_at, user_id), split in two so that each half is one index range:
# the rest of the last page's minute, then later minutes. A single `(a, b) > (?, ?)`
# test makes SQLite rescan a whole crowded minute for every page.
DUE_SQL = """
    SELECT user_id, chat_id, timezone, tip_time, next_tip_at FROM users
    WHERE next_tip_at = :after_at AND user_id > :after_id AND subscribed = 1
    UNION ALL
    SELECT user_id, chat_id, timezone, tip_time, next_tip_at FROM users
    WHERE next_tip_at > :after_at AND next_tip_at <= :now AND subscribed = 1
    ORDER BY next_tip_at, user_id
    LIMIT :limit
"""


class DueUser(NamedTuple):
    """A due subscriber as stored; values are parsed only when the tip is sent."""

    user_id: int
    chat_id: int
    timezone: str
    tip_time: str
    next_tip_at: str

    @property
    def position(self) -> tuple[str, int]:
        """Where the next page of due users starts."""
        return self.next_tip_at, self.user_id


START = ("", 0)


class DeliveryStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def due(self, now: datetime, after: tuple[str, int] = START, limit: int = 500) -> list[DueUser]:
        """One page of due subscribers, found through the next_tip_at index.

        Paging by (next_tip_at, user_id) means a user left due (to retry later) is not
        picked up again within the same run.
        """
        params = {"now": to_db(now), "after_at": after[0], "after_id": after[1], "limit": limit}
        return list(map(DueUser._make, self._db.execute(DUE_SQL, params).fetchall()))

    def count_due(self, now: datetime) -> int:
        """How many subscribers are due, for the shutdown report."""
        row = self._db.execute(
            "SELECT count(*) FROM users WHERE next_tip_at <= ? AND subscribed = 1", [to_db(now)]
        ).fetchone()
        return int(row[0])

    def claim(self, user_id: int, local_date: date, tip_id: str, now: datetime) -> int | None:
        """Claim the user's tip for that day; None if that day already has one."""
        cursor = self._db.execute(
            "INSERT INTO deliveries (user_id, local_date, tip_id, status, claimed_at) "
            "VALUES (?, ?, ?, 'sending', ?) ON CONFLICT (user_id, local_date) DO NOTHING",
            [user_id, local_date.isoformat(), tip_id, to_db(now)],
        )
        return cursor.lastrowid if cursor.rowcount == 1 else None

    def settle(self, claim: int, now: datetime, sent: bool, message_id: int | None) -> None:
        """Mark the claim 'sent', or 'failed' when Telegram refused the message.

        A failed day is not retried every minute; the next tip is tomorrow's.
        """
        self._db.execute(
            "UPDATE deliveries SET status = ?, sent_at = ?, message_id = ? WHERE id = ?",
            ["sent" if sent else "failed", to_db(now), message_id, claim],
        )

    def release(self, claim: int) -> None:
        """The message certainly did not go out: let a later run claim the day again."""
        self._db.execute("DELETE FROM deliveries WHERE id = ? AND status = 'sending'", [claim])

    def move_next(self, user_id: int, next_tip_at: datetime) -> None:
        """Move a subscriber's next tip; an unsubscribed user stays without one."""
        self._db.execute(
            "UPDATE users SET next_tip_at = ? WHERE user_id = ? AND subscribed = 1",
            [to_db(next_tip_at), user_id],
        )

    def skip_due(self, now: datetime) -> int:
        """Move every subscriber whose tip is due by `now` to their next tip after it.

        For the first start on a restored backup (`bot.core.backup`): the bot that ran on
        after the snapshot may have sent these tips, and the copy has no record of it.
        """
        rows = self._db.execute(
            "SELECT user_id, timezone, tip_time FROM users "
            "WHERE next_tip_at <= ? AND subscribed = 1",
            [to_db(now)],
        ).fetchall()
        moves = [
            (to_db(next_delivery(now, time.fromisoformat(at), ZoneInfo(zone))), user_id)
            for user_id, zone, at in rows
        ]
        with self._db.atomic():
            self._db.conn.executemany("UPDATE users SET next_tip_at = ? WHERE user_id = ?", moves)
        return len(moves)

    def has_delivery(self, user_id: int, local_date: date) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM deliveries WHERE user_id = ? AND local_date = ?",
            [user_id, local_date.isoformat()],
        ).fetchone()
        return row is not None

    def update_settings(
        self, user_id: int, tip_time: time, timezone: str, next_tip_at: datetime | None
    ) -> None:
        self._db.execute(
            "UPDATE users SET tip_time = ?, timezone = ?, next_tip_at = ? WHERE user_id = ?",
            [
                tip_time.strftime("%H:%M"),
                timezone,
                to_db(next_tip_at) if next_tip_at else None,
                user_id,
            ],
        )
