"""Subscribers and their delivery settings.

The tip's time and next delivery live in the user's 'tip' schedule (see
`bot.daily.schedules`); a `User` carries them for the many places that show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from sqlite_utils import Database

from bot.clock import from_db, to_db
from bot.core.invariants import present

DEFAULT_TIP_TIME = time(8, 0)


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


_USER_SQL = (
    "SELECT u.user_id, u.chat_id, u.first_seen, u.subscribed, u.timezone, "
    "s.local_time, s.next_due_at, u.blocked_at "
    "FROM users u LEFT JOIN schedules s ON s.user_id = u.user_id AND s.kind = 'tip' "
    "WHERE u.user_id = ?"
)
UNSCHEDULE_ALL = (
    "UPDATE schedules SET enabled = 0, next_due_at = NULL, once_on = NULL WHERE user_id = ?"
)


def _user_from_row(row: tuple[Any, ...], default_time: time) -> User:
    user_id, chat_id, first_seen, subscribed, timezone, at, next_at, blocked_at = row
    return User(
        user_id=user_id,
        chat_id=chat_id,
        first_seen=from_db(first_seen),
        subscribed=bool(subscribed),
        timezone=timezone,
        tip_time=time.fromisoformat(at) if at else default_time,
        next_tip_at=from_db(next_at) if next_at else None,
        blocked_at=from_db(blocked_at) if blocked_at else None,
    )


class UserStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, user_id: int) -> User | None:
        """A row written without a tip schedule (only older tests and tools do) shows the
        default time."""
        row = self._db.execute(_USER_SQL, [user_id]).fetchone()
        return _user_from_row(row, DEFAULT_TIP_TIME) if row else None

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
                        "blocked_at": None,
                    }
                )
                self._db.execute(
                    "INSERT INTO schedules (user_id, kind, enabled, local_time) "
                    "VALUES (?, 'tip', 0, ?)",
                    [user_id, tip_time.strftime("%H:%M")],
                )
            elif existing.chat_id != chat_id or existing.blocked_at is not None:
                self._db.execute(
                    "UPDATE users SET chat_id = ?, blocked_at = NULL WHERE user_id = ?",
                    [chat_id, user_id],
                )
            user = self.get(user_id)
        return present(user, f"user {user_id}"), existing is None

    def subscribe(self, user_id: int) -> None:
        """On the list (broadcasts reach it); the tip is turned on by its schedule."""
        self._db.execute("UPDATE users SET subscribed = 1 WHERE user_id = ?", [user_id])

    def set_zone(self, user_id: int, timezone: str) -> None:
        """Every kind is rescheduled after this (see `bot.daily.settings.change_settings`)."""
        self._db.execute("UPDATE users SET timezone = ? WHERE user_id = ?", [timezone, user_id])

    def unsubscribe(self, user_id: int) -> None:
        """/stop: off the list, and every scheduled kind off."""
        with self._db.atomic():
            self._db.execute("UPDATE users SET subscribed = 0 WHERE user_id = ?", [user_id])
            self._db.execute(UNSCHEDULE_ALL, [user_id])

    def mark_blocked(self, user_id: int, now: datetime) -> None:
        """The user blocked the bot: stop sending them anything until they come back."""
        with self._db.atomic():
            self._db.execute(
                "UPDATE users SET blocked_at = ?, subscribed = 0 WHERE user_id = ?",
                [to_db(now), user_id],
            )
            self._db.execute(UNSCHEDULE_ALL, [user_id])

    def forget(self, user_id: int) -> bool:
        """Erase the user: every per-user table cascades from `users`, but for the open
        messages, which also exist for people without a row (see migration m015)."""
        with self._db.atomic():
            self._db.execute("DELETE FROM open_messages WHERE user_id = ?", [user_id])
            cursor = self._db.execute("DELETE FROM users WHERE user_id = ?", [user_id])
        return cursor.rowcount == 1
