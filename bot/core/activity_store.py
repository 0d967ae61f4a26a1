"""When each user last wrote to the bot (the `users.last_active_at` column)."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from bot.clock import to_db


def record_activity(db: Database, user_id: int, now: datetime) -> None:
    """Users without a row (never started the bot) are not tracked."""
    db.execute("UPDATE users SET last_active_at = ? WHERE user_id = ?", [to_db(now), user_id])
