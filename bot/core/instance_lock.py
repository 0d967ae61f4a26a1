"""One bot process per database: a lock row that a second start finds and respects.

Two processes polling one token make Telegram answer both with "Conflict: terminated by
other getUpdates request" in a loop, and two daily-tip runs would race for the same
claims. The database is the one thing both processes share, so the lock lives there.

A holder counts as live when its heartbeat is recent (`TTL`) and, on the same host,
its pid is still running and is not ours (a container restarts as pid 1 again, so our
own pid in the row is a previous run of us). A holder killed with -9 on this host is
therefore taken over at once; one on another host once its heartbeat is `TTL` old.
The heartbeat also covers a pid reused by an unrelated process after a crash.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlite_utils import Database

from bot.clock import Clock, from_db, to_db

TTL = timedelta(seconds=60)


@dataclass(frozen=True, slots=True)
class Holder:
    hostname: str
    pid: int
    instance_id: str
    started_at: datetime
    heartbeat_at: datetime


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


class InstanceLock:
    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        hostname: str | None = None,
        pid: int | None = None,
        alive: Callable[[int], bool] = pid_alive,
    ) -> None:
        self._db = db
        self._clock = clock
        self.hostname = hostname if hostname is not None else socket.gethostname()
        self.pid = pid if pid is not None else os.getpid()
        self.instance_id = uuid.uuid4().hex
        self._alive = alive
        self.held = False

    def holder(self) -> Holder | None:
        row = self._db.execute(
            "SELECT hostname, pid, instance_id, started_at, heartbeat_at FROM instance_lock"
        ).fetchone()
        if row is None:
            return None
        return Holder(row[0], row[1], row[2], from_db(row[3]), from_db(row[4]))

    def is_live(self, holder: Holder) -> bool:
        if holder.instance_id == self.instance_id:
            return False
        if self._clock.now() - holder.heartbeat_at > TTL:
            return False
        if holder.hostname != self.hostname:
            return True
        return holder.pid != self.pid and self._alive(holder.pid)

    def acquire(self) -> tuple[bool, Holder | None]:
        """(True, the stale holder taken over or None), or (False, the live holder).

        Read and write happen in one BEGIN IMMEDIATE transaction, so of two processes
        starting together exactly one wins.
        """
        now = to_db(self._clock.now())
        self._db.execute("BEGIN IMMEDIATE")
        try:
            previous = self.holder()
            if previous is not None and self.is_live(previous):
                self._db.execute("ROLLBACK")
                return False, previous
            self._db.execute(
                "INSERT OR REPLACE INTO instance_lock "
                "(id, hostname, pid, instance_id, started_at, heartbeat_at) "
                "VALUES (1, ?, ?, ?, ?, ?)",
                [self.hostname, self.pid, self.instance_id, now, now],
            )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self.held = True
        return True, previous

    def heartbeat(self) -> bool:
        """Refresh our row; False when someone took the lock from us (we were presumed dead)."""
        if not self.held:
            return True
        cursor = self._db.execute(
            "UPDATE instance_lock SET heartbeat_at = ? WHERE instance_id = ?",
            [to_db(self._clock.now()), self.instance_id],
        )
        self.held = cursor.rowcount == 1
        return self.held

    def release(self) -> None:
        if self.held:
            self._db.execute("DELETE FROM instance_lock WHERE instance_id = ?", [self.instance_id])
            self.held = False
