"""Who sent feedback and when, and where the admins' copies are: never the text itself.

The text lives only in the admins' chats; the rows here exist for the daily limit and so
an admin's reply to a copy reaches its sender. They go with the user on /forget.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlite_utils import Database

from bot.clock import to_db

FEEDBACK_PER_DAY = 3
FEEDBACK_WINDOW = timedelta(days=1)


class FeedbackStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def allowed(self, user_id: int, now: datetime) -> bool:
        """At most `FEEDBACK_PER_DAY` in any 24 hours."""
        count = self._db.execute(
            "SELECT count(*) FROM feedback WHERE user_id = ? AND sent_at > ?",
            [user_id, to_db(now - FEEDBACK_WINDOW)],
        ).fetchone()[0]
        return int(count) < FEEDBACK_PER_DAY

    def add(self, user_id: int, now: datetime) -> int:
        """The user must have a `users` row (the handler ensures one)."""
        cursor = self._db.execute(
            "INSERT INTO feedback (user_id, sent_at) VALUES (?, ?)", [user_id, to_db(now)]
        )
        return int(cursor.lastrowid or 0)

    def withdraw(self, feedback_id: int) -> None:
        """Feedback no admin could receive does not count against the sender."""
        self._db.execute("DELETE FROM feedback WHERE id = ?", [feedback_id])

    def add_copy(self, feedback_id: int, admin_chat_id: int, message_id: int) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO feedback_copies (admin_chat_id, message_id, feedback_id) "
            "VALUES (?, ?, ?)",
            [admin_chat_id, message_id, feedback_id],
        )

    def sender_of_copy(self, admin_chat_id: int, message_id: int) -> int | None:
        """Who sent the feedback this admin's message is a copy of (None once forgotten)."""
        row = self._db.execute(
            "SELECT feedback.user_id FROM feedback_copies "
            "JOIN feedback ON feedback.id = feedback_copies.feedback_id "
            "WHERE feedback_copies.admin_chat_id = ? AND feedback_copies.message_id = ?",
            [admin_chat_id, message_id],
        ).fetchone()
        return int(row[0]) if row else None
