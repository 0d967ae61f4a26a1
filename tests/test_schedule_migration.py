"""m027: today's subscribers move into tip schedules without changing what they get."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from bot.core.database import open_database
from bot.core.migrations import MIGRATIONS


def test_subscribers_keep_their_time_next_tip_and_deliveries(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = Database(sqlite3.connect(path, isolation_level=None))
    MIGRATIONS.apply(old, stop_before="m027_schedules")
    old["users"].insert_all(
        [
            {
                "user_id": 7,
                "chat_id": 7,
                "first_seen": "2026-03-01T00:00:00Z",
                "subscribed": 1,
                "timezone": "Europe/Berlin",
                "tip_time": "23:15",
                "next_tip_at": "2026-03-02T22:15:00Z",
            },
            {
                "user_id": 8,
                "chat_id": 8,
                "first_seen": "2026-03-01T00:00:00Z",
                "subscribed": 0,
                "timezone": "UTC",
                "tip_time": "09:00",
                "next_tip_at": None,
            },
        ]
    )
    old["deliveries"].insert(
        {
            "user_id": 7,
            "local_date": "2026-03-01",
            "tip_id": "stretch",
            "status": "sent",
            "claimed_at": "2026-03-01T22:15:01Z",
            "sent_at": "2026-03-01T22:15:02Z",
            "scheduled_at": "2026-03-01T22:15:00Z",
            "timezone": "Europe/Berlin",
        }
    )
    old.conn.close()
    db = open_database(path)
    rows = db.execute(
        "SELECT user_id, kind, enabled, local_time, days, silent, next_due_at FROM schedules "
        "ORDER BY user_id"
    ).fetchall()
    assert rows == [
        (7, "tip", 1, "23:15", 127, 0, "2026-03-02T22:15:00Z"),  # not made silent
        (8, "tip", 0, "09:00", 127, 0, None),
    ]
    (delivery,) = db["deliveries"].rows
    assert (delivery["kind"], delivery["local_date"], delivery["tip_id"]) == (
        "tip",
        "2026-03-01",
        "stretch",
    )
    assert "next_tip_at" not in db["users"].columns_dict
    assert db["users"].get(7)["paused_at"] is None
