"""The morning check-in's answers, one per night.

"None" records a cramp-free night (`bot.diary.nights`); "Yes" opens the diary's logging
flow with "during the night" chosen (`bot.diary.handlers.start_log_flow`). A second tap
changes the answer.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from sqlite_utils import Database

from bot.clock import to_db

Answer = Literal["none", "yes"]


class CheckinStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, user_id: int, night: date) -> str | None:
        """The answer given for that night ('none' or 'yes'), if any."""
        row = self._db.execute(
            "SELECT answer FROM checkin_answers WHERE user_id = ? AND night = ?",
            [user_id, night.isoformat()],
        ).fetchone()
        return str(row[0]) if row else None

    def answer(self, user_id: int, night: date, answer: Answer, now: datetime) -> None:
        self._db.execute(
            "INSERT INTO checkin_answers (user_id, night, answer, answered_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (user_id, night) DO UPDATE SET "
            "answer = excluded.answer, answered_at = excluded.answered_at",
            [user_id, night.isoformat(), answer, to_db(now)],
        )
