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
def m004_daily_deliveries(db: Database) -> None:
    """One row per user and local day is what makes a daily tip exactly-once.

    The UNIQUE key is the guard: a claim is inserted before the message is sent, so a
    second run, a restart or a second process cannot send that day's tip again.
    """
    db.execute(
        """
        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            local_date TEXT NOT NULL,
            tip_id TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
            claimed_at TEXT NOT NULL,
            sent_at TEXT,
            message_id INTEGER,
            UNIQUE (user_id, local_date)
        )
        """
    )


@MIGRATIONS()
def m006_daily_tip_rotation(db: Database) -> None:
    """Which tips a user has seen in the current round, one small row per user."""
    db.execute(
        """
        CREATE TABLE tip_rotation (
            user_id INTEGER PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
            round INTEGER NOT NULL DEFAULT 0,
            seen TEXT NOT NULL DEFAULT '[]'
        )
        """
    )
