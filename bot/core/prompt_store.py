"""Where pending questions are kept (table `pending_prompts`); see `bot.core.prompts`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from bot.clock import from_db, to_db

EXPIRES_AFTER = timedelta(minutes=15)
MAX_PAYLOAD = 200


@dataclass(frozen=True, slots=True)
class Pending:
    """A question waiting for its answer."""

    user_id: int
    kind: str
    message_id: int
    payload: str
    expires_at: datetime


class PromptStore:
    """The one pending question per user (`pending_prompts`)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def expect(
        self, user_id: int, kind: str, message_id: int, now: datetime, payload: str = ""
    ) -> None:
        """Wait for an answer to this message, instead of any earlier question (features
        call `prompts.ask` or `prompts.expect_answer`, which make sure the user has a row)."""
        if len(payload) > MAX_PAYLOAD:
            raise ValueError(f"a prompt payload holds at most {MAX_PAYLOAD} characters")
        with self._db.atomic():
            # Questions nobody answered go here, anyone's: /privacy says they are kept
            # for 15 minutes, and nothing else reads them once expired.
            self._db.execute("DELETE FROM pending_prompts WHERE expires_at <= ?", [to_db(now)])
            self._db.execute(
                "INSERT OR REPLACE INTO pending_prompts "
                "(user_id, kind, message_id, payload, expires_at) VALUES (?, ?, ?, ?, ?)",
                [user_id, kind, message_id, payload, to_db(now + EXPIRES_AFTER)],
            )

    def pending(self, user_id: int, now: datetime) -> Pending | None:
        """The question still waiting; an expired one is as good as none."""
        row = self._db.execute(
            "SELECT kind, message_id, payload, expires_at FROM pending_prompts "
            "WHERE user_id = ? AND expires_at > ?",
            [user_id, to_db(now)],
        ).fetchone()
        if row is None:
            return None
        return Pending(user_id, row[0], row[1], row[2], from_db(row[3]))

    def clear(self, user_id: int, kind: str | None = None) -> None:
        """No more waiting (for a question of `kind` only, when given)."""
        if kind is None:
            self._db.execute("DELETE FROM pending_prompts WHERE user_id = ?", [user_id])
        else:
            self._db.execute(
                "DELETE FROM pending_prompts WHERE user_id = ? AND kind = ?", [user_id, kind]
            )
