"""Who is due a daily tip, and the record of each day's tip.

A delivery is claimed ('sending') before the message leaves and settled afterwards
('sent', or 'failed' when Telegram refused the message itself). A 'sent' row without a
message_id is one Telegram never answered (a read timeout): probably delivered, so
never resent.

Each row records the local date it was for, the instant it was scheduled for and the zone
then in force. A local date of the user's present zone has had its tip when a delivery's
scheduled instant falls on it, whatever zone that delivery was made in: so after a change
of zone no day gets a second tip and none is skipped. The claim inserts its row only if
its day has no such delivery, in one statement, so a second claim for the same day is a
no-op, whoever tries it.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from bot.clock import to_db
from bot.core.schedule import day_start, next_delivery, scheduled_day

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

    def claim(
        self,
        user_id: int,
        local_date: date,
        scheduled_at: datetime,
        zone: ZoneInfo,
        tip_id: str,
        now: datetime,
    ) -> int | None:
        """Claim the user's tip for that local date; None if that day already has one."""
        start, end = _day_range(local_date, zone)
        cursor = self._db.execute(
            "INSERT INTO deliveries (user_id, local_date, tip_id, status, claimed_at, "
            "scheduled_at, timezone) SELECT ?, ?, ?, 'sending', ?, ?, ? "
            "WHERE NOT EXISTS (SELECT 1 FROM deliveries WHERE user_id = ? "
            "AND scheduled_at >= ? AND scheduled_at < ?) "
            "ON CONFLICT (user_id, timezone, local_date) DO NOTHING",
            [
                user_id,
                local_date.isoformat(),
                tip_id,
                to_db(now),
                to_db(scheduled_at),
                zone.key,
                user_id,
                start,
                end,
            ],
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

    def served(self, user_id: int, local_date: date, zone: ZoneInfo) -> bool:
        """Whether that local date of `zone` has had its tip (or has one in flight)."""
        start, end = _day_range(local_date, zone)
        row = self._db.execute(
            "SELECT 1 FROM deliveries WHERE user_id = ? AND scheduled_at >= ? AND scheduled_at < ?",
            [user_id, start, end],
        ).fetchone()
        return row is not None

    def next_open(self, user_id: int, after: datetime, at: time, zone: ZoneInfo) -> datetime:
        """The first delivery later than `after` on a local day that has not had its tip."""
        due = next_delivery(after, at, zone)
        while self.served(user_id, scheduled_day(due, at, zone), zone):
            due = next_delivery(due, at, zone)
        return due

    def zone_prompt_due(self, user_id: int) -> bool:
        """Whether the user has not yet been asked to replace an odd zone (see `DailyTips`)."""
        row = self._db.execute(
            "SELECT zone_prompted_at IS NULL FROM users WHERE user_id = ?", [user_id]
        ).fetchone()
        return bool(row and row[0])

    def zone_prompted(self, user_id: int, now: datetime) -> None:
        self._db.execute(
            "UPDATE users SET zone_prompted_at = ? WHERE user_id = ?", [to_db(now), user_id]
        )

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


def _day_range(day: date, zone: ZoneInfo) -> tuple[str, str]:
    """Local `day` as a half-open range of stored UTC times."""
    return to_db(day_start(day, zone)), to_db(day_start(day + timedelta(days=1), zone))
