"""An update Telegram delivers again is not acted on again.

Telegram redelivers an update when its 200 comes back late (in polling and webhook mode
alike, and to the next process after a restart). An update that changed state has its
`update_id` in `handled_updates`, written in the same transaction as the change, so a
replay either finds it and is skipped, or finds that no change was made either.

How the id gets into that transaction without every store's help: while an update is
handled, its id is in a context variable (each update runs in its own task, see
`bot.core.updates`), and the database connection (`RecordingConnection`) adds the id to
any statement that changed a row: inside the statement's transaction, or, for a statement
on its own, in a savepoint around the two (so a write with RETURNING, whose results are
read after the statement returns, must run inside `db.atomic()`). An update that writes
nothing (a read-only command) leaves nothing behind. Writes that are bookkeeping and not
the user's request (`unrecorded`, e.g. "last active") do not count.

Only ids of the last `KEEP` count, and older ones are pruned: never "the highest id
seen", because Telegram picks new ids at random after a week without updates, so an old
id may come back as a new update.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database
from telegram import Update
from telegram.ext import ApplicationHandlerStop

if TYPE_CHECKING:
    from bot.context import BotContext

log = logging.getLogger(__name__)

GROUP = -2
KEEP = timedelta(hours=48)
"""Telegram keeps an undelivered update for 24 hours, and restarts ids only after a week
without any: an id seen within 48 hours is a replay, an older one may be a new update."""
WRITES = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE"})
RECORD = (
    "INSERT INTO handled_updates (update_id, handled_at) VALUES (?, ?) "
    "ON CONFLICT (update_id) DO UPDATE SET handled_at = excluded.handled_at "
    "WHERE handled_at < excluded.handled_at"
)
"""Once per update (its later writes change nothing here); an id older than `KEEP` that
came back as a new update takes the new time."""
PRUNE = "DELETE FROM handled_updates WHERE handled_at < ?"
SAVEPOINT = "SAVEPOINT handled_update"
RELEASE = "RELEASE SAVEPOINT handled_update"
ROLLBACK = "ROLLBACK TO SAVEPOINT handled_update"

_handling: contextvars.ContextVar[tuple[int, int] | None] = contextvars.ContextVar(
    "handling_update", default=None
)


def _writes(sql: str) -> bool:
    words = sql.split(None, 1)
    return bool(words) and words[0].upper() in WRITES


class RecordingConnection(sqlite3.Connection):
    """`sqlite3.connect(factory=RecordingConnection)`: see the module's docstring.

    Its `execute` and `executemany` pass their callers' SQL through: every such call in
    the bot is checked where it is written (tests/test_security.py).
    """

    def execute(self, sql: str, parameters: Any = ()) -> sqlite3.Cursor:
        handling = _handling.get()
        if handling is None or not _writes(sql):
            return super().execute(sql, parameters)  # sql-from-callers
        if self.in_transaction:
            before = self.total_changes
            cursor = super().execute(sql, parameters)  # sql-from-callers
            self._record(handling, before)
            return cursor
        if "RETURNING" in sql.upper():
            raise sqlite3.ProgrammingError(
                "a write with RETURNING must run inside db.atomic() while an update is handled"
            )
        super().execute(SAVEPOINT)
        try:
            before = self.total_changes
            cursor = super().execute(sql, parameters)  # sql-from-callers
            self._record(handling, before)
        except BaseException:
            super().execute(ROLLBACK)
            super().execute(RELEASE)
            raise
        super().execute(RELEASE)
        return cursor

    def executemany(self, sql: str, parameters: Iterable[Any]) -> sqlite3.Cursor:
        """Only used inside `db.atomic()`; outside one, the id is recorded just after."""
        handling = _handling.get()
        before = self.total_changes
        cursor = super().executemany(sql, parameters)  # sql-from-callers
        if handling is not None:
            self._record(handling, before)
        return cursor

    def _record(self, handling: tuple[int, int], changes_before: int) -> None:
        if self.total_changes == changes_before:
            return
        update_id, handled_at = handling
        if super().execute(RECORD, [update_id, handled_at]).rowcount:
            super().execute(PRUNE, [handled_at - int(KEEP.total_seconds())])


@contextlib.contextmanager
def unrecorded() -> Iterator[None]:
    """Writes in this block are not what the update asked for: they do not mark it handled."""
    token = _handling.set(None)
    try:
        yield
    finally:
        _handling.reset(token)


def already_handled(db: Database, update_id: int, now: datetime) -> bool:
    horizon = int((now - KEEP).timestamp())
    row = db.execute(
        "SELECT 1 FROM handled_updates WHERE update_id = ? AND handled_at >= ?",
        [update_id, horizon],
    ).fetchone()
    return row is not None


async def skip_replays(update: Update, context: BotContext) -> None:
    """Runs before every handler (group -2): a replay stops here; otherwise the writes its
    handlers make record its id."""
    now = context.clock.now()
    if already_handled(context.bot_data.db, update.update_id, now):
        log.info("update %s was handled before; its replay is skipped", update.update_id)
        raise ApplicationHandlerStop
    _handling.set((update.update_id, int(now.timestamp())))
