"""What the cramp diary says about a user's triggers, for choosing their next tip."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlite_utils import Database

from bot.clock import to_db
from bot.knowledge.content import TRIGGER_TAGS

_TRIGGERS_SQL = """
    SELECT user_id, tag, COUNT(*) AS times, MAX(happened_at) AS latest FROM (
        SELECT e.user_id, t.trigger AS tag, e.happened_at FROM cramp_entries e
        JOIN entry_triggers t ON t.entry_id = e.id
        WHERE e.user_id IN (SELECT value FROM json_each(:users)) AND e.happened_at >= :since
        UNION ALL
        SELECT user_id, 'night' AS tag, happened_at FROM cramp_entries
        WHERE user_id IN (SELECT value FROM json_each(:users)) AND happened_at >= :since
          AND (when_kind = 'night' OR day_part = 'night' OR woke = 1)
    )
    GROUP BY user_id, tag
    ORDER BY user_id, times DESC, latest DESC, tag
"""


def recent_triggers(db: Database, user_ids: Sequence[int], since: datetime) -> dict[int, list[str]]:
    """Each user's trigger tags logged since `since`, most frequent first (then most
    recent); a user who logged none is left out.

    Diary trigger codes equal tip tags by contract; 'night' stands for night cramps
    (logged as at night or with a time of day of night, or woke the user). 'other'
    addresses no tip and is dropped.
    """
    params = {"users": json.dumps(list(user_ids)), "since": to_db(since)}
    found: dict[int, list[str]] = {}
    for user_id, tag, _, _ in db.execute(_TRIGGERS_SQL, params).fetchall():
        if tag in TRIGGER_TAGS:
            found.setdefault(user_id, []).append(tag)
    return found
