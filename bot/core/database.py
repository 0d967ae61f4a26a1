"""Opening the SQLite file the way every part of the bot needs it.

The connection runs in autocommit mode (`isolation_level=None`) so a write is durable
as soon as it returns; multi-row writes group themselves with `db.atomic()`. WAL and a
busy timeout let the shell tools work on the same file while the bot runs.

The file holds people's health diaries, so only the bot's own user may read it: a folder
we create is 0700, and the file 0600 whatever the umask. SQLite creates `-wal` and `-shm`
with the database file's mode, so they follow; any left from an older, laxer version are
tightened here too.

The connection also records which update asked for a write (`bot.core.replays`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from bot.core.migrations import MIGRATIONS
from bot.core.replays import RecordingConnection

log = logging.getLogger(__name__)

BUSY_TIMEOUT_SECONDS = 10.0
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
SIDE_FILES = ("-wal", "-shm")


class SchemaTooNew(Exception):
    """The database was upgraded by a newer version of the bot; this code must not run on it."""

    def __init__(self, path: Path, unknown: list[str]) -> None:
        self.unknown = unknown
        super().__init__(
            f"{path} was upgraded by a newer version of the bot: this version does not know "
            f"migration(s) {', '.join(unknown)}. Run the newer version, or restore a backup "
            "taken before the upgrade"
        )


class DatabaseMissing(Exception):
    """A shell command was pointed at a database that does not exist."""


@dataclass(frozen=True, slots=True)
class FileIdentity:
    """Which file a path named: the same path may later name another file (or none)."""

    device: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> FileIdentity | None:
        try:
            found = os.stat(path)
        except FileNotFoundError:
            return None
        return cls(found.st_dev, found.st_ino)


def unknown_migrations(db: Database) -> list[str]:
    """Migrations recorded in the file that this code does not have: a newer version ran."""
    known = {migration.name for migration in MIGRATIONS.pending(Database(memory=True))}
    return [m.name for m in MIGRATIONS.applied(db) if m.name not in known]


def make_private_folder(folder: Path) -> None:
    """Create the missing folders 0700; folders that exist already are left as they are."""
    missing: list[Path] = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for part in reversed(missing):
        part.mkdir(mode=PRIVATE_FOLDER)
        os.chmod(part, PRIVATE_FOLDER)


def make_private_file(path: Path) -> None:
    """The database and its side files 0600, created so if missing (never world-readable)."""
    fd = os.open(path, os.O_RDONLY | os.O_CREAT, PRIVATE_FILE)
    os.close(fd)
    for file in (path, *(path.with_name(path.name + suffix) for suffix in SIDE_FILES)):
        with contextlib.suppress(FileNotFoundError):
            if file.stat().st_mode & 0o777 != PRIVATE_FILE:
                _tighten(file)


def _tighten(file: Path) -> None:
    """A file owned by another user stays as it is: say so, but it is no reason to stop."""
    try:
        file.chmod(PRIVATE_FILE)
    except PermissionError:
        log.warning("cannot make %s private (mode 0600): it belongs to another user", file)


def open_database(path: Path | str, *, create: bool = True) -> Database:
    """Open (creating if needed and `create`) and upgrade the database to the current schema.

    Raises `SchemaTooNew` for a file a newer version has upgraded, before changing it.
    """
    path = Path(path)
    if not create and not path.is_file():
        raise DatabaseMissing(f"there is no database at {path}")
    make_private_folder(path.parent)
    make_private_file(path)
    conn = sqlite3.connect(
        path,
        timeout=BUSY_TIMEOUT_SECONDS,
        isolation_level=None,
        check_same_thread=False,
        factory=RecordingConnection,
    )
    db = Database(conn, execute_plugins=False)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        unknown = unknown_migrations(db)
        if unknown:
            raise SchemaTooNew(path, unknown)
        MIGRATIONS.apply(db)
    except BaseException:
        conn.close()
        raise
    return db


def pending_migrations(db: Database) -> list[str]:
    return [migration.name for migration in MIGRATIONS.pending(db)]


@contextlib.contextmanager
def rolled_back(db: Database) -> Iterator[Database]:
    """Everything done inside is undone: for `check`, which tries the start's writes."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    finally:
        db.execute("ROLLBACK")
