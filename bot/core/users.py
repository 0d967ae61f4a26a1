"""Subscribers and their delivery settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from sqlite_utils import Database

from bot.clock import from_db, to_db
from bot.core.invariants import present


@dataclass(frozen=True, slots=True)
class User:
    user_id: int
    chat_id: int
    first_seen: datetime
    subscribed: bool
    timezone: str
    tip_time: time
    next_tip_at: datetime | None
    blocked_at: datetime | None


def _user_from_row(row: dict[str, Any]) -> User:
    return User(
        user_id=row["user_id"],
        chat_id=row["chat_id"],
        first_seen=from_db(row["first_seen"]),
        subscribed=bool(row["subscribed"]),
        timezone=row["timezone"],
        tip_time=time.fromisoformat(row["tip_time"]),
        next_tip_at=from_db(row["next_tip_at"]) if row["next_tip_at"] else None,
        blocked_at=from_db(row["blocked_at"]) if row["blocked_at"] else None,
    )


class UserStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, user_id: int) -> User | None:
        rows = list(self._db["users"].rows_where("user_id = ?", [user_id]))
        return _user_from_row(rows[0]) if rows else None

    def ensure(
        self, user_id: int, chat_id: int, now: datetime, timezone: str, tip_time: time
    ) -> tuple[User, bool]:
        """Record that the user talks to us (and is reachable again); says if they are new."""
        with self._db.atomic():
            existing = self.get(user_id)
            if existing is None:
                self._db.table("users").insert(
                    {
                        "user_id": user_id,
                        "chat_id": chat_id,
                        "first_seen": to_db(now),
                        "subscribed": 0,
                        "timezone": timezone,
                        "tip_time": tip_time.strftime("%H:%M"),
                        "next_tip_at": None,
                        "blocked_at": None,
                    }
                )
            elif existing.chat_id != chat_id or existing.blocked_at is not None:
                self._db.execute(
                    "UPDATE users SET chat_id = ?, blocked_at = NULL WHERE user_id = ?",
                    [chat_id, user_id],
                )
            user = self.get(user_id)
        return present(user, f"user {user_id}"), existing is None

    def subscribe(self, user_id: int, next_tip_at: datetime) -> None:
        self._db.execute(
            "UPDATE users SET subscribed = 1, next_tip_at = ? WHERE user_id = ?",
            [to_db(next_tip_at), user_id],
        )

    def unsubscribe(self, user_id: int) -> None:
        self._db.execute(
            "UPDATE users SET subscribed = 0, next_tip_at = NULL WHERE user_id = ?", [user_id]
        )

    def mark_blocked(self, user_id: int, now: datetime) -> None:
        """The user blocked the bot: stop sending to them until they come back."""
        self._db.execute(
            "UPDATE users SET blocked_at = ?, subscribed = 0, next_tip_at = NULL WHERE user_id = ?",
            [to_db(now), user_id],
        )

    def forget(self, user_id: int) -> bool:
        """Erase the user: every per-user table cascades from `users`, but for the open
        messages, which also exist for people without a row (see migration m015)."""
        with self._db.atomic():
            self._db.execute("DELETE FROM open_messages WHERE user_id = ?", [user_id])
            cursor = self._db.execute("DELETE FROM users WHERE user_id = ?", [user_id])
        return cursor.rowcount == 1
