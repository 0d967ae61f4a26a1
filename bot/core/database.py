"""Opening the SQLite file the way every part of the bot needs it.

The connection runs in autocommit mode (`isolation_level=None`) so a write is durable
as soon as it returns; multi-row writes group themselves with `db.atomic()`. WAL and a
busy timeout let the shell tools work on the same file while the bot runs.

The file holds people's health diaries, so only the bot's own user may read it: a folder
we create is 0700, and the file 0600 whatever the umask. SQLite creates `-wal` and `-shm`
with the database file's mode, so they follow; any left from an older, laxer version are
tightened here too.

The connection also records which update asked for a write (`bot.core.replays`).

One event loop answers every chat, so the running bot keeps two kinds of database work
off it (`Reads`, `Checkpoints`): reads that grow with the data run in worker threads on
connections of their own (WAL lets readers run beside the writer), and the WAL is
checkpointed from a background thread instead of inside whichever commit crossed the
automatic threshold (a user's reply then waited up to 190 ms for it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database

from bot.core.migrations import MIGRATIONS
from bot.core.replays import RecordingConnection

log = logging.getLogger(__name__)

BUSY_TIMEOUT_SECONDS = 10.0
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
SIDE_FILES = ("-wal", "-shm")
CHECKPOINT_SECONDS = 0.25
"""How often the background thread copies the WAL into the database file. The copies are
passive: they never make the bot's writes wait, and this often each is small. The figure
dates from RESTART checkpoints, which did make the next write wait, on the loop (a daily
run stalled it up to 90 ms at each copy at 2 s, about 30 ms at 0.25 s; bench/schedule.py,
scale 0.2). With passive copies, 2 s gave the same unpaced daily rate within noise
(bench/daily.py), and 0.25 s was kept."""
WAL_BOUND_BYTES = 64 * 1024 * 1024
"""Past this, the WAL is made to start over (`Checkpoints`), and `journal_size_limit` cuts
the file back to it."""
LIMIT_WAL = "PRAGMA journal_size_limit = 67108864"
"""`WAL_BOUND_BYTES` spelled out: SQL is written as literals (tests/test_security.py)."""

BEGIN = "BEGIN"
BEGIN_IMMEDIATE = "BEGIN IMMEDIATE"
LOOK_SECONDS = 0.02
"""`room` looks at the WAL's size at most this often: a bulk sender asks before every
message, and a look per message was a hundredth of the send's work."""
ROOM_CHECK_SECONDS = 0.05
ROOM_CHECKS = 100
"""A bulk writer waits at most 5 s for the WAL to be emptied, then goes on regardless."""

T = TypeVar("T")


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


class BotConnection(RecordingConnection):
    """The bot's connection: its transactions take the write lock when they begin.

    sqlite-utils' `db.atomic()` begins DEFERRED, so a transaction that reads before it
    writes must upgrade its read lock, and SQLite answers "database is locked" at once,
    without waiting out the busy timeout, when another connection (the checkpoint thread's
    TRUNCATE, a shell command) holds the write lock at that moment. Taken at BEGIN, the
    lock is waited for like any other.
    """

    def execute(self, sql: str, parameters: Any = ()) -> sqlite3.Cursor:
        if sql == BEGIN:
            return super().execute(BEGIN_IMMEDIATE, parameters)
        return super().execute(sql, parameters)  # sql-from-callers


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
        factory=BotConnection,
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


def _side_connection(path: Path) -> sqlite3.Connection:
    """A plain connection for a worker thread: no write recording, usable from any thread."""
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
    )
    conn.execute("PRAGMA foreign_keys=ON")
    return conn


class Reads:
    """Reads that grow with the data (a diary export, the `/admin` figures) in a worker
    thread, each thread with a read-only connection of its own.

    On the bot's connection such a read would hold the loop; in a thread on the same
    connection, it would hold every write of the loop behind SQLite's connection mutex.
    A read runs on one connection, so it sees one consistent snapshot when it is one
    statement, or when the function groups its statements in `snapshot`.
    """

    def __init__(self, path: Path | str) -> None:
        self._path = Path(path)
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    async def run(self, read: Callable[[Database], T]) -> T:
        return await asyncio.to_thread(self._run, read)

    def _run(self, read: Callable[[Database], T]) -> T:
        db: Database | None = getattr(self._local, "db", None)
        if db is None:
            conn = _side_connection(self._path)
            conn.execute("PRAGMA query_only=ON")
            with self._lock:
                self._opened.append(conn)
            db = Database(conn, execute_plugins=False)
            self._local.db = db
        return read(db)

    def close(self) -> None:
        """At shutdown, once no read runs any more."""
        with self._lock:
            for conn in self._opened:
                conn.close()
            self._opened.clear()


@contextlib.contextmanager
def snapshot(db: Database) -> Iterator[Database]:
    """Several reads that must agree with each other (figures side by side)."""
    db.execute("BEGIN")
    try:
        yield db
    finally:
        db.execute("COMMIT")


class Checkpoints:
    """Copies the WAL into the database file every `CHECKPOINT_SECONDS` from a thread of
    its own, so no commit that answers a user does it.

    `take_over` turns SQLite's automatic checkpoints off on the bot's connection; without
    this thread, the WAL would then grow until the bot stops. A passive checkpoint never
    waits for the bot's writes. The WAL starts over (and `journal_size_limit` cuts the file
    back to `WAL_BOUND_BYTES`) at the first write that finds it all copied and nobody
    reading it, which a stream of writes (a daily run, a broadcast, chunked deletes) never
    gives: past the bound, those writers pause (`room`) until a checkpoint has copied it
    all, and their next write starts it over. Forcing the restart instead, with a RESTART
    checkpoint, takes the write lock from under the stream: its next commit then waited in
    SQLite's busy handler, and so the loop, for 20-110 ms.
    """

    def __init__(self, path: Path | str, interval: float = CHECKPOINT_SECONDS) -> None:
        self._path = Path(path)
        self._wal = f"{self._path}-wal"
        self._interval = interval
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.caught_up = 0
        """How many checkpoints have copied the whole WAL."""
        self._next_look = 0.0

    @staticmethod
    def take_over(db: Database) -> None:
        db.execute("PRAGMA wal_autocheckpoint=0")
        db.execute(LIMIT_WAL)

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="wal-checkpoints", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Waits for a checkpoint under way; the bot's own close checkpoints what is left."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    async def room(self) -> None:
        """For writers of many chunks, between chunks: while the WAL is past its bound,
        wait (a few seconds at most) until a checkpoint has copied it all, so that the
        next write starts it over."""
        now = time.monotonic()
        if self._thread is None or now < self._next_look:
            return
        self._next_look = now + LOOK_SECONDS
        if self.wal_size() <= WAL_BOUND_BYTES:
            return
        seen = self.caught_up
        self._wake.set()
        for _ in range(ROOM_CHECKS):
            await asyncio.sleep(ROOM_CHECK_SECONDS)
            if self.caught_up != seen:
                return

    def _loop(self) -> None:
        conn = _side_connection(self._path)
        try:
            conn.execute("PRAGMA busy_timeout=0")
            while not self._stop.is_set():
                self._wake.wait(self._interval)
                self._wake.clear()
                if not self._stop.is_set():
                    self.checkpoint(conn)
        finally:
            conn.close()

    def checkpoint(self, conn: sqlite3.Connection) -> None:
        """One round; a failure is logged and the next round tries again."""
        try:
            _, frames, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            if copied == frames:
                self.caught_up += 1
        except sqlite3.Error as exc:
            log.warning("WAL checkpoint failed; retrying in %.0f s: %s", self._interval, exc)

    def wal_size(self) -> int:
        try:
            return os.stat(self._wal).st_size
        except FileNotFoundError:
            return 0
