"""Nights, defined once: which night a moment belongs to, and which nights were free.

Night N runs from the evening of day N-1 to the morning of day N in the user's zone, so
a cramp at 23:30 and a check-in answered at 07:00 the next day name the same night. The
turn is at noon: the morning check-in may be answered late, until noon.

A night counts as cramp-free only when the user said so; silence is "unknown", which is
why the free nights are stored rather than inferred from missing entries.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlite_utils import Database

from bot.clock import to_db

NIGHT_TURNS_AT = time(12, 0)
"""Local moments before this belong to the night that ended this morning; later ones to
the coming night."""


def night_of(local: datetime) -> date:
    """The night (named by the date of its morning) that a local moment belongs to."""
    day = local.date()
    return day if local.time() < NIGHT_TURNS_AT else day + timedelta(days=1)


class NightStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def mark_free(self, user_id: int, night: date, now: datetime) -> None:
        self._db.execute(
            "INSERT INTO cramp_free_nights (user_id, night, recorded_at) VALUES (?, ?, ?) "
            "ON CONFLICT (user_id, night) DO UPDATE SET recorded_at = excluded.recorded_at",
            [user_id, night.isoformat(), to_db(now)],
        )

    def unmark(self, user_id: int, night: date) -> None:
        """The user changed their answer: the night had a cramp after all."""
        self._db.execute(
            "DELETE FROM cramp_free_nights WHERE user_id = ? AND night = ?",
            [user_id, night.isoformat()],
        )

    def free_nights(self, user_id: int, first: date, last: date) -> set[date]:
        """The nights from `first` to `last`, both included, that the user called free."""
        rows = self._db.execute(
            "SELECT night FROM cramp_free_nights WHERE user_id = ? AND night BETWEEN ? AND ?",
            [user_id, first.isoformat(), last.isoformat()],
        ).fetchall()
        return {date.fromisoformat(night) for (night,) in rows}
