"""The schema's history, oldest first.

Never edit or reorder an applied migration: add a new one. sqlite-utils records each
applied name in `_sqlite_migrations`, so a database from any earlier version upgrades
in place on start.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATIONS = Migrations("leg_cramp_companion")


@MIGRATIONS()
def m001_users(db: Database) -> None:
    db["users"].create(
        {
            "user_id": int,
            "chat_id": int,
            "first_seen": str,
            "subscribed": int,
            "timezone": str,
            "tip_time": str,
            "next_tip_at": str,
            "blocked_at": str,
        },
        pk="user_id",
        not_null={"chat_id", "first_seen", "subscribed", "timezone", "tip_time"},
        defaults={"subscribed": 0},
    )
    db["users"].create_index(["next_tip_at"], index_name="idx_users_next_tip_at")
