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


@MIGRATIONS()
def m002_cramp_entries(db: Database) -> None:
    """Per-user rows cascade on delete, so forgetting a user is one DELETE on `users`."""
    db.execute(
        """
        CREATE TABLE cramp_entries (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            logged_at TEXT NOT NULL,
            happened_at TEXT NOT NULL,
            local_date TEXT NOT NULL,
            when_kind TEXT NOT NULL DEFAULT 'now'
                CHECK (when_kind IN ('now', 'night', 'earlier')),
            muscle TEXT NOT NULL CHECK (muscle IN ('calf', 'foot', 'thigh', 'other')),
            side TEXT NOT NULL CHECK (side IN ('left', 'right', 'both')),
            severity INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 3),
            woke INTEGER CHECK (woke IN (0, 1)),
            trigger TEXT CHECK (trigger IN
                ('exercise', 'standing', 'sitting', 'dehydration', 'medication', 'other'))
        )
        """
    )
    db["cramp_entries"].create_index(
        ["user_id", "happened_at"], index_name="idx_cramp_entries_user_time"
    )


@MIGRATIONS()
def m003_diary_flows_and_red_flags(db: Database) -> None:
    """Double taps and the weekly red-flag note.

    `flow_message_id` is the bot message a logging flow ran on: one entry per flow, so a
    second tap on the same severity button finds the first entry instead of adding one.
    """
    db.execute("ALTER TABLE cramp_entries ADD COLUMN flow_message_id INTEGER")
    db.execute(
        "CREATE UNIQUE INDEX idx_cramp_entries_flow ON cramp_entries (user_id, flow_message_id)"
    )
    db["cramp_entries"].create_index(
        ["user_id", "local_date"], index_name="idx_cramp_entries_user_date"
    )
    db.execute(
        """
        CREATE TABLE diary_red_flags (
            user_id INTEGER PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
            last_sent_at TEXT NOT NULL
        )
        """
    )
