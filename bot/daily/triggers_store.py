"""What the cramp diary says about a user's triggers, for choosing their next tip."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from bot.clock import to_db
from bot.knowledge.content import TRIGGER_TAGS

_TRIGGERS_SQL = """
    SELECT tag, COUNT(*) AS times, MAX(happened_at) AS latest FROM (
        SELECT t.trigger AS tag, e.happened_at FROM cramp_entries e
        JOIN entry_triggers t ON t.entry_id = e.id
        WHERE e.user_id = :user_id AND e.happened_at >= :since
        UNION ALL
        SELECT 'night' AS tag, happened_at FROM cramp_entries
        WHERE user_id = :user_id AND happened_at >= :since
          AND (when_kind = 'night' OR day_part = 'night' OR woke = 1)
    )
    GROUP BY tag
    ORDER BY times DESC, latest DESC, tag
"""


def recent_triggers(db: Database, user_id: int, since: datetime) -> list[str]:
    """Trigger tags logged since `since`, most frequent first (then most recent).

    Diary trigger codes equal tip tags by contract; 'night' stands for night cramps
    (logged as at night or with a time of day of night, or woke the user). 'other'
    addresses no tip and is dropped.
    """
    rows = db.execute(_TRIGGERS_SQL, {"user_id": user_id, "since": to_db(since)}).fetchall()
    return [row[0] for row in rows if row[0] in TRIGGER_TAGS]
