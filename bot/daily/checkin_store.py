"""The morning check-in's answers, one per night.

"None" records a cramp-free night (`bot.diary.nights`); "Yes" opens the diary's logging
flow, whose message id is kept with the answer so the entry saved on that flow is filed
"during the night" (`night_of_flow`). A second tap changes the answer.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal, NamedTuple

from sqlite_utils import Database

from bot.clock import to_db

Answer = Literal["none", "yes"]


class Checkin(NamedTuple):
    answer: str
    flow_message_id: int | None


class CheckinStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, user_id: int, night: date) -> Checkin | None:
        row = self._db.execute(
            "SELECT answer, flow_message_id FROM checkin_answers WHERE user_id = ? AND night = ?",
            [user_id, night.isoformat()],
        ).fetchone()
        return Checkin(*row) if row else None

    def answer(
        self,
        user_id: int,
        night: date,
        answer: Answer,
        now: datetime,
        flow_message_id: int | None = None,
    ) -> None:
        self._db.execute(
            "INSERT INTO checkin_answers (user_id, night, answer, answered_at, flow_message_id) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, night) DO UPDATE SET "
            "answer = excluded.answer, answered_at = excluded.answered_at, "
            "flow_message_id = excluded.flow_message_id",
            [user_id, night.isoformat(), answer, to_db(now), flow_message_id],
        )

    def night_of_flow(self, user_id: int, flow_message_id: int) -> date | None:
        """The night a logging flow was opened for by the check-in's "Yes", if it was."""
        row = self._db.execute(
            "SELECT night FROM checkin_answers WHERE user_id = ? AND flow_message_id = ?",
            [user_id, flow_message_id],
        ).fetchone()
        return date.fromisoformat(row[0]) if row else None
