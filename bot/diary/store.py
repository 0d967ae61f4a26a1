"""The cramp diary: each user's entries, and when they last got the red-flag note.

Every query that names an entry also names the user, so an entry id that came from a
button (and may be forged) can only ever reach the presser's own entries. The rows of
`entry_triggers` and `entry_tried` are written only through an entry found that way.

Reading functions for summaries (insights, the report) are at the end: each counts over
a user's entries between two local dates, both included.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from bot.clock import from_db, to_db
from bot.core.invariants import present
from bot.diary.vocabulary import (
    DayPart,
    Duration,
    Helped,
    Muscle,
    Side,
    Tried,
    Trigger,
    WhenKind,
)

_SELECT = (
    "SELECT id, user_id, logged_at, happened_at, local_date, when_kind, day_part, muscle, "
    "side, place, severity, woke, duration, helped, note, "
    "(SELECT group_concat(trigger) FROM entry_triggers WHERE entry_id = cramp_entries.id), "
    "(SELECT group_concat(tried) FROM entry_tried WHERE entry_id = cramp_entries.id) "
    "FROM cramp_entries"
)

# Each writes an entry's own rows only through the entry, found by its id and its user.
_TRIGGER_ON = (
    "INSERT INTO entry_triggers (entry_id, trigger) "
    "SELECT id, :value FROM cramp_entries WHERE id = :entry AND user_id = :user "
    "ON CONFLICT DO NOTHING"
)
_TRIGGER_OFF = (
    "DELETE FROM entry_triggers WHERE trigger = :value AND entry_id IN "
    "(SELECT id FROM cramp_entries WHERE id = :entry AND user_id = :user)"
)
_TRIED_ON = (
    "INSERT INTO entry_tried (entry_id, tried) "
    "SELECT id, :value FROM cramp_entries WHERE id = :entry AND user_id = :user "
    "ON CONFLICT DO NOTHING"
)
_TRIED_OFF = (
    "DELETE FROM entry_tried WHERE tried = :value AND entry_id IN "
    "(SELECT id FROM cramp_entries WHERE id = :entry AND user_id = :user)"
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
    triggers: frozenset[Trigger] = frozenset()
    day_part: DayPart | None = None
    place: str | None = None
    """What the user typed for "elsewhere"; only ever set on a muscle of `Muscle.OTHER`."""
    duration: Duration | None = None
    tried: frozenset[Tried] = frozenset()
    helped: Helped | None = None
    note: str | None = None


def _set_of(joined: str | None) -> list[str]:
    return joined.split(",") if joined else []


def _entry(row: tuple[Any, ...]) -> Entry:
    (entry_id, user_id, logged_at, happened_at, day, when_kind, day_part, muscle, side, place,
     severity, woke, duration, helped, note, triggers, tried) = row  # fmt: skip
    return Entry(
        id=entry_id,
        user_id=user_id,
        logged_at=from_db(logged_at),
        happened_at=from_db(happened_at),
        local_date=date.fromisoformat(day),
        when_kind=WhenKind(when_kind),
        day_part=None if day_part is None else DayPart(day_part),
        muscle=Muscle(muscle),
        side=Side(side),
        place=place,
        severity=severity,
        woke=None if woke is None else bool(woke),
        duration=None if duration is None else Duration(duration),
        helped=None if helped is None else Helped(helped),
        note=note,
        triggers=frozenset(Trigger(value) for value in _set_of(triggers)),
        tried=frozenset(Tried(value) for value in _set_of(tried)),
    )


@dataclass(frozen=True, slots=True)
class OpenEntry:
    """An entry whose red-flag check is still to come (no Done yet)."""

    user_id: int
    entry_id: int


@dataclass(frozen=True, slots=True)
class HelpedCounts:
    """How the cramps after one thing the user did went, by their own answer."""

    cramps: int
    a_lot: int
    a_little: int
    not_at_all: int

    @property
    def answered(self) -> int:
        return self.a_lot + self.a_little + self.not_at_all


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
        when_kind: WhenKind = WhenKind.NOW,
        happened_at: datetime | None = None,
    ) -> tuple[Entry, bool]:
        """Save the entry a logging flow ends with, once: says if this call created it."""
        cursor = self._db.execute(
            """
            INSERT INTO cramp_entries (user_id, flow_message_id, logged_at, happened_at,
                local_date, when_kind, muscle, side, severity)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (user_id, flow_message_id) DO NOTHING
            """,
            [
                user_id,
                flow_message_id,
                to_db(logged_at),
                to_db(happened_at or logged_at),
                local_date.isoformat(),
                when_kind,
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
        day_part: DayPart | None = None,
    ) -> Entry | None:
        self._db.execute(
            "UPDATE cramp_entries SET when_kind = ?, day_part = ?, happened_at = ?, "
            "local_date = ? WHERE id = ? AND user_id = ?",
            [when_kind, day_part, to_db(happened_at), local_date.isoformat(), entry_id, user_id],
        )
        return self.get(user_id, entry_id)

    def set_woke(self, user_id: int, entry_id: int, woke: bool) -> Entry | None:
        self._db.execute(
            "UPDATE cramp_entries SET woke = ? WHERE id = ? AND user_id = ?",
            [int(woke), entry_id, user_id],
        )
        return self.get(user_id, entry_id)

    def set_place(self, user_id: int, entry_id: int, muscle: Muscle, side: Side) -> Entry | None:
        """A typed name belongs to "elsewhere" only, so another muscle drops it."""
        self._db.execute(
            "UPDATE cramp_entries SET muscle = ?, side = ?, "
            "place = CASE WHEN ? = 'other' THEN place END WHERE id = ? AND user_id = ?",
            [muscle, side, muscle, entry_id, user_id],
        )
        return self.get(user_id, entry_id)

    def set_place_name(self, user_id: int, entry_id: int, place: str) -> Entry | None:
        """Name the place of an "elsewhere" entry; other entries are left as they are."""
        self._db.execute(
            "UPDATE cramp_entries SET place = ? WHERE id = ? AND user_id = ? AND muscle = 'other'",
            [place, entry_id, user_id],
        )
        return self.get(user_id, entry_id)

    def set_severity(self, user_id: int, entry_id: int, level: int) -> Entry | None:
        self._db.execute(
            "UPDATE cramp_entries SET severity = ? WHERE id = ? AND user_id = ?",
            [level, entry_id, user_id],
        )
        return self.get(user_id, entry_id)

    def set_duration(self, user_id: int, entry_id: int, duration: Duration) -> Entry | None:
        self._db.execute(
            "UPDATE cramp_entries SET duration = ? WHERE id = ? AND user_id = ?",
            [duration, entry_id, user_id],
        )
        return self.get(user_id, entry_id)

    def set_helped(self, user_id: int, entry_id: int, helped: Helped) -> Entry | None:
        self._db.execute(
            "UPDATE cramp_entries SET helped = ? WHERE id = ? AND user_id = ?",
            [helped, entry_id, user_id],
        )
        return self.get(user_id, entry_id)

    def set_note(self, user_id: int, entry_id: int, note: str | None) -> Entry | None:
        """None (or nothing but spaces) removes the note."""
        kept = note.strip() if note else None
        self._db.execute(
            "UPDATE cramp_entries SET note = ? WHERE id = ? AND user_id = ?",
            [kept or None, entry_id, user_id],
        )
        return self.get(user_id, entry_id)

    def set_trigger(self, user_id: int, entry_id: int, trigger: Trigger, on: bool) -> Entry | None:
        """Idempotent: the button says which way, so a double tap lands where one would."""
        params = {"entry": entry_id, "user": user_id, "value": trigger}
        if on:
            self._db.execute(_TRIGGER_ON, params)
        else:
            self._db.execute(_TRIGGER_OFF, params)
        return self.get(user_id, entry_id)

    def set_tried(self, user_id: int, entry_id: int, tried: Tried, on: bool) -> Entry | None:
        params = {"entry": entry_id, "user": user_id, "value": tried}
        if on:
            self._db.execute(_TRIED_ON, params)
        else:
            self._db.execute(_TRIED_OFF, params)
        return self.get(user_id, entry_id)

    def delete(self, user_id: int, entry_id: int) -> bool:
        cursor = self._db.execute(
            "DELETE FROM cramp_entries WHERE id = ? AND user_id = ?", [entry_id, user_id]
        )
        return cursor.rowcount == 1

    def close(self, user_id: int, entry_id: int, now: datetime) -> bool:
        """Mark the entry's details done, once: says if this call did (and so owes the
        red-flag check)."""
        cursor = self._db.execute(
            "UPDATE cramp_entries SET closed_at = ? "
            "WHERE id = ? AND user_id = ? AND closed_at IS NULL",
            [to_db(now), entry_id, user_id],
        )
        return cursor.rowcount == 1

    def left_open(self, logged_before: datetime) -> list[OpenEntry]:
        """Entries saved before that moment whose Done never came (the red-flag job's work)."""
        rows = self._db.execute(
            "SELECT user_id, id FROM cramp_entries WHERE closed_at IS NULL AND logged_at <= ? "
            "ORDER BY logged_at",
            [to_db(logged_before)],
        ).fetchall()
        return [OpenEntry(user_id, entry_id) for user_id, entry_id in rows]

    def count(self, user_id: int) -> int:
        row = self._db.execute(
            "SELECT count(*) FROM cramp_entries WHERE user_id = ?", [user_id]
        ).fetchone()
        return int(row[0])

    def newer_than(self, entry: Entry) -> int:
        """How many of the user's entries come before this one in the diary's order, so
        /history can go back to the page that holds it."""
        row = self._db.execute(
            "SELECT count(*) FROM cramp_entries WHERE user_id = ? "
            "AND (happened_at > ? OR (happened_at = ? AND id > ?))",
            [entry.user_id, to_db(entry.happened_at), to_db(entry.happened_at), entry.id],
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

    # -- Reading for summaries: a user's entries between two local dates, both included.

    def between(self, user_id: int, first: date, last: date) -> list[Entry]:
        """Oldest first."""
        return self._many(
            f"{_SELECT} WHERE user_id = ? AND local_date BETWEEN ? AND ? ORDER BY happened_at, id",
            [user_id, first.isoformat(), last.isoformat()],
        )

    def helped_after(self, user_id: int, tried: Tried, first: date, last: date) -> HelpedCounts:
        """The cramps after which the user did `tried`, and how many eased by their answer
        (a lot, a little, not at all; the rest gave no answer)."""
        rows = self._db.execute(
            """
            SELECT e.helped, count(*) FROM cramp_entries e
            JOIN entry_tried t ON t.entry_id = e.id AND t.tried = ?
            WHERE e.user_id = ? AND e.local_date BETWEEN ? AND ?
            GROUP BY e.helped
            """,
            [tried, user_id, first.isoformat(), last.isoformat()],
        ).fetchall()
        counts = Counter({helped: count for helped, count in rows})
        return HelpedCounts(
            cramps=sum(counts.values()),
            a_lot=counts[Helped.A_LOT],
            a_little=counts[Helped.A_LITTLE],
            not_at_all=counts[Helped.NOT_AT_ALL],
        )

    def trigger_counts(self, user_id: int, first: date, last: date) -> dict[Trigger, int]:
        """How many cramps named each trigger (a cramp may name several)."""
        rows = self._db.execute(
            """
            SELECT t.trigger, count(*) FROM cramp_entries e
            JOIN entry_triggers t ON t.entry_id = e.id
            WHERE e.user_id = ? AND e.local_date BETWEEN ? AND ?
            GROUP BY t.trigger
            """,
            [user_id, first.isoformat(), last.isoformat()],
        ).fetchall()
        return {Trigger(trigger): count for trigger, count in rows}

    def duration_counts(self, user_id: int, first: date, last: date) -> dict[Duration, int]:
        """How many cramps lasted each length; cramps without one are not counted."""
        rows = self._db.execute(
            """
            SELECT duration, count(*) FROM cramp_entries
            WHERE user_id = ? AND local_date BETWEEN ? AND ? AND duration IS NOT NULL
            GROUP BY duration
            """,
            [user_id, first.isoformat(), last.isoformat()],
        ).fetchall()
        return {Duration(duration): count for duration, count in rows}
