"""The cramp diary: each user's entries, and when they last got the red-flag note.

Every query that names an entry also names the user, so an entry id that came from a
button (and may be forged) can only ever reach the presser's own entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from bot.clock import from_db, to_db
from bot.core.invariants import present
from bot.diary.vocabulary import Muscle, Side, Trigger, WhenKind

_SELECT = (
    "SELECT id, user_id, logged_at, happened_at, local_date, when_kind, muscle, side, "
    "severity, woke, trigger FROM cramp_entries"
)


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    user_id: int
    logged_at: datetime
    happened_at: datetime
    local_date: date
    when_kind: WhenKind
    muscle: Muscle
    side: Side
    severity: int
    woke: bool | None
    trigger: Trigger | None


def _entry(row: tuple[Any, ...]) -> Entry:
    (entry_id, user_id, logged_at, happened_at, day, when_kind, muscle, side, severity, woke,
     trigger) = row  # fmt: skip
    return Entry(
        id=entry_id,
        user_id=user_id,
        logged_at=from_db(logged_at),
        happened_at=from_db(happened_at),
        local_date=date.fromisoformat(day),
        when_kind=WhenKind(when_kind),
        muscle=Muscle(muscle),
        side=Side(side),
        severity=severity,
        woke=None if woke is None else bool(woke),
        trigger=None if trigger is None else Trigger(trigger),
    )


class DiaryStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def _one(self, sql: str, params: list[Any]) -> Entry | None:
        row = self._db.execute(sql, params).fetchone()  # sql-from-callers
        return _entry(row) if row else None

    def _many(self, sql: str, params: list[Any]) -> list[Entry]:
        rows = self._db.execute(sql, params).fetchall()  # sql-from-callers
        return [_entry(row) for row in rows]

    def add(
        self,
        user_id: int,
        flow_message_id: int,
        logged_at: datetime,
        local_date: date,
        muscle: Muscle,
        side: Side,
        severity: int,
    ) -> tuple[Entry, bool]:
        """Save the entry a logging flow ends with, once: says if this call created it."""
        cursor = self._db.execute(
            """
            INSERT INTO cramp_entries (user_id, flow_message_id, logged_at, happened_at,
                local_date, when_kind, muscle, side, severity)
            VALUES (?, ?, ?, ?, ?, 'now', ?, ?, ?)
            ON CONFLICT (user_id, flow_message_id) DO NOTHING
            """,
            [
                user_id,
                flow_message_id,
                to_db(logged_at),
                to_db(logged_at),
                local_date.isoformat(),
                muscle,
                side,
                severity,
            ],
        )
        entry = self._one(
            f"{_SELECT} WHERE user_id = ? AND flow_message_id = ?", [user_id, flow_message_id]
        )
        return present(entry, "the entry just saved"), cursor.rowcount == 1

    def get(self, user_id: int, entry_id: int) -> Entry | None:
        return self._one(f"{_SELECT} WHERE id = ? AND user_id = ?", [entry_id, user_id])

    def of_flow(self, user_id: int, flow_message_id: int | None) -> Entry | None:
        """The entry a logging flow saved, if it still exists."""
        return self._one(
            f"{_SELECT} WHERE user_id = ? AND flow_message_id = ?", [user_id, flow_message_id]
        )

    def set_when(
        self,
        user_id: int,
        entry_id: int,
        when_kind: WhenKind,
        happened_at: datetime,
        local_date: date,
    ) -> Entry | None:
        self._db.execute(
            "UPDATE cramp_entries SET when_kind = ?, happened_at = ?, local_date = ? "
            "WHERE id = ? AND user_id = ?",
            [when_kind, to_db(happened_at), local_date.isoformat(), entry_id, user_id],
        )
        return self.get(user_id, entry_id)

    def set_woke(self, user_id: int, entry_id: int, woke: bool) -> Entry | None:
        self._db.execute(
            "UPDATE cramp_entries SET woke = ? WHERE id = ? AND user_id = ?",
            [int(woke), entry_id, user_id],
        )
        return self.get(user_id, entry_id)

    def set_trigger(self, user_id: int, entry_id: int, trigger: Trigger) -> Entry | None:
        self._db.execute(
            "UPDATE cramp_entries SET trigger = ? WHERE id = ? AND user_id = ?",
            [trigger, entry_id, user_id],
        )
        return self.get(user_id, entry_id)

    def delete(self, user_id: int, entry_id: int) -> bool:
        cursor = self._db.execute(
            "DELETE FROM cramp_entries WHERE id = ? AND user_id = ?", [entry_id, user_id]
        )
        return cursor.rowcount == 1

    def count(self, user_id: int) -> int:
        row = self._db.execute(
            "SELECT count(*) FROM cramp_entries WHERE user_id = ?", [user_id]
        ).fetchone()
        return int(row[0])

    def page(self, user_id: int, offset: int, limit: int) -> list[Entry]:
        """Newest first, the order a diary is read in."""
        return self._many(
            f"{_SELECT} WHERE user_id = ? ORDER BY happened_at DESC, id DESC LIMIT ? OFFSET ?",
            [user_id, limit, offset],
        )

    def since(self, user_id: int, first_day: date) -> list[Entry]:
        """Entries from a local date on, for counting over recent days."""
        return self._many(
            f"{_SELECT} WHERE user_id = ? AND local_date >= ? ORDER BY happened_at, id",
            [user_id, first_day.isoformat()],
        )

    def all(self, user_id: int) -> list[Entry]:
        """Oldest first, the order a doctor reads a log in."""
        return self._many(f"{_SELECT} WHERE user_id = ? ORDER BY happened_at, id", [user_id])

    def claim_red_flag(self, user_id: int, now: datetime, interval: timedelta) -> bool:
        """Record that the note goes out now, unless it went out within `interval`.

        One statement decides and records, so two entries saved at once cannot both send it.
        """
        cursor = self._db.execute(
            """
            INSERT INTO diary_red_flags (user_id, last_sent_at) VALUES (?, ?)
            ON CONFLICT (user_id) DO UPDATE SET last_sent_at = excluded.last_sent_at
            WHERE diary_red_flags.last_sent_at <= ?
            """,
            [user_id, to_db(now), to_db(now - interval)],
        )
        return cursor.rowcount == 1

    def first_day(self, user_id: int) -> date | None:
        """The local date of the oldest entry: how far back the diary covers."""
        row = self._db.execute(
            "SELECT min(local_date) FROM cramp_entries WHERE user_id = ?", [user_id]
        ).fetchone()
        return date.fromisoformat(row[0]) if row and row[0] else None

    def between(self, user_id: int, first_day: date, last_day: date) -> list[Entry]:
        """Entries of the local dates from `first_day` to `last_day`, both included."""
        return self._many(
            f"{_SELECT} WHERE user_id = ? AND local_date BETWEEN ? AND ? ORDER BY happened_at, id",
            [user_id, first_day.isoformat(), last_day.isoformat()],
        )
