"""Opening the SQLite file the way every part of the bot needs it.

The connection runs in autocommit mode (`isolation_level=None`) so a write is durable
as soon as it returns; multi-row writes group themselves with `db.atomic()`. WAL and a
busy timeout let the shell tools work on the same file while the bot runs. The connection
also records which update asked for a write (`bot.core.replays`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from bot.core.migrations import MIGRATIONS
from bot.core.replays import RecordingConnection

BUSY_TIMEOUT_SECONDS = 10.0


def open_database(path: Path | str) -> Database:
    """Open (creating if needed) and upgrade the database to the current schema."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(
        path,
        timeout=BUSY_TIMEOUT_SECONDS,
        isolation_level=None,
        check_same_thread=False,
        factory=RecordingConnection,
    )
    db = Database(conn, execute_plugins=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    MIGRATIONS.apply(db)
    return db


def pending_migrations(db: Database) -> list[str]:
    return [migration.name for migration in MIGRATIONS.pending(db)]
