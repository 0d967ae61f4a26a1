"""`python -m bot backup FILE`: a consistent copy of the live database that starts safely.

The snapshot is SQLite's online backup API, read in one step under one read transaction:
with WAL the bot keeps writing meanwhile, and the copy is the database as of one moment.
It is written under a temporary name created 0600 (journal files inherit that mode), so
no other user can read a diary in it whatever the umask, and renamed into place only once
complete and checked, so FILE is either a whole backup or absent.

A copy is a rewind: started on it, a bot would redo what the live bot did after the
snapshot. So the copy is edited before it is renamed into place:

- the instance lock is cleared: it names the live bot, which would refuse or delay a
  start on the copy on the same host;
- every broadcast under way is closed (`BroadcastStore.close_for_backup`): a running
  one's recipients not yet settled count as unconfirmed and are never sent it from the
  copy, and a queued one is cancelled, since the live bot sends it within a minute;
- the diary's id sequence jumps `ENTRY_ID_HEADROOM` ahead: entries the live bot logged
  after the snapshot are lost in a restore, but their ids still ride in buttons in the
  users' chats, and must not name the entries the restored bot logs next;
- the snapshot time is recorded in `restore_point`. The first bot started on the copy
  (`settle_restored_copy`) moves every daily tip due by then to its next time, since the
  live bot may have sent it after the snapshot, and deletes the mark.

Everything else users did after the snapshot is lost in a restore; the README's "After a
restore" section says what that means.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlite_utils import Database

from bot.admin.broadcast_store import BroadcastStore, Closed
from bot.clock import Clock, from_db, to_db
from bot.core.database import BUSY_TIMEOUT_SECONDS, unknown_migrations
from bot.core.migrations import MIGRATIONS
from bot.daily.store import DeliveryStore

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
ENTRY_ID_HEADROOM = 1_000_000
"""More entries than a bot logs between a snapshot and its restore (a thousand users
logging three a day for nearly a year), yet far from the 18 digits a button's id may have.
The buttons also check the flow message, so a reused id past it is refused anyway."""


class BackupError(Exception):
    """A backup that could not be made, worded for the operator's console."""


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    taken_at: datetime
    size: int
    closed: list[Closed]


@dataclass(frozen=True, slots=True)
class Restored:
    taken_at: datetime
    skipped: int


def take_backup(source: Path, target: Path, clock: Clock) -> Backup:
    if not source.is_file():
        raise BackupError(f"there is no database at {source}")
    if target.exists() or target.is_symlink():
        raise BackupError(f"{target} already exists; give the backup a new name")
    target.parent.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    partial = target.with_name(f".{target.name}.partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        raise BackupError(f"{partial} exists: another backup to {target} is running") from None
    try:
        os.fchmod(fd, PRIVATE_FILE)
        os.close(fd)
        taken_at = _snapshot(source, partial, clock)
        closed = _make_startable(partial, taken_at)
        _flush(partial)
        os.replace(partial, target)
        _flush(target.parent)
    except BaseException:
        partial.unlink(missing_ok=True)
        partial.with_name(f"{partial.name}-journal").unlink(missing_ok=True)
        raise
    return Backup(target, taken_at, target.stat().st_size, closed)


def _snapshot(source: Path, partial: Path, clock: Clock) -> datetime:
    """Opened read-write without `create`: only reads, and never makes an empty database."""
    uri = f"{source.resolve().as_uri()}?mode=rw"
    src = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    dst = sqlite3.connect(partial)
    with contextlib.closing(src), contextlib.closing(dst):
        taken_at = clock.now()
        src.backup(dst)
    return taken_at


def _make_startable(partial: Path, taken_at: datetime) -> list[Closed]:
    """One file with no -wal beside it, this version's schema, and the marks above."""
    conn = sqlite3.connect(partial, isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS)
    with contextlib.closing(conn):
        db = Database(conn, execute_plugins=False)
        db.execute("PRAGMA journal_mode=DELETE")
        db.execute("PRAGMA foreign_keys=ON")
        unknown = unknown_migrations(db)
        if unknown:
            raise BackupError(
                "the database was upgraded by a newer version of the bot (unknown "
                f"migration(s) {', '.join(unknown)}); back it up with that version"
            )
        MIGRATIONS.apply(db)
        with db.atomic():
            db.execute("DELETE FROM instance_lock")
            db.execute(
                "UPDATE sqlite_sequence SET seq = seq + ? WHERE name = 'cramp_entries'",
                [ENTRY_ID_HEADROOM],
            )
            closed = BroadcastStore(db).close_for_backup(taken_at)
            db.execute(
                "INSERT OR REPLACE INTO restore_point (id, taken_at) VALUES (1, ?)",
                [to_db(taken_at)],
            )
        verdict = str(db.execute("PRAGMA quick_check").fetchone()[0])
    if verdict != "ok":
        raise BackupError(f"the copy failed SQLite's consistency check: {verdict}")
    return closed


def _flush(path: Path) -> None:
    """Durable before the rename, and the rename durable before we report success."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def settle_restored_copy(db: Database, now: datetime) -> Restored | None:
    """On start: if this database is a backup never started before, skip the daily tips
    due by `now`, which the bot that ran on after the snapshot may have sent."""
    row = db.execute("SELECT taken_at FROM restore_point").fetchone()
    if row is None:
        return None
    with db.atomic():
        skipped = DeliveryStore(db).skip_due(now)
        db.execute("DELETE FROM restore_point")
    return Restored(from_db(row[0]), skipped)
