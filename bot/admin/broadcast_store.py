"""Broadcasts and their recipients: the durable state that lets a broadcast resume.

A broadcast moves draft -> queued -> running -> done (or draft -> cancelled). Every
transition is a conditional UPDATE, so a double tap, a stale preview or a second
process can never move it twice. Its recipients are listed when it starts, in short
chunks in user id order (`list_recipients`): listing a million in one statement would
hold the only writer, and the event loop, for seconds. Until the list is complete the
broadcast is "listing" (`listed_at` unset), and a restart carries on from the last id
listed. Each subscriber is listed once, as they are when their chunk is listed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlite_utils import Database

from bot.clock import from_db, to_db

DRAFT_TTL = timedelta(hours=1)
AUDIENCE = "FROM users WHERE subscribed = 1 AND blocked_at IS NULL"
"""Who a broadcast goes to: every subscriber who has not blocked the bot."""
LIST_CHUNK = 250
"""Users looked at per listing transaction: a few milliseconds of the only writer."""
RECIPIENT_OUTCOMES = ("sent", "blocked", "failed", "unknown", "paused")
BACKUP_UNCONFIRMED = "not settled when the backup was taken; never resent from the copy"


class ConfirmResult(StrEnum):
    QUEUED = "queued"
    EXPIRED = "expired"
    NOT_PENDING = "not_pending"


@dataclass(frozen=True, slots=True)
class Counts:
    total: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    unknown: int = 0
    paused: int = 0
    """Skipped at their turn: they had paused everything (`/pause`)."""

    @property
    def remaining(self) -> int:
        return self.total - self.sent - self.blocked - self.failed - self.unknown - self.paused


@dataclass(frozen=True, slots=True)
class Broadcast:
    id: int
    text_html: str
    status: str
    created_by: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    status_chat_id: int | None
    status_message_id: int | None
    report: Counts | None
    listed: bool = True
    """False while the recipient list is still being made (see `list_recipients`)."""


@dataclass(frozen=True, slots=True)
class Closed:
    """A broadcast that a backup copy closed: its status at the snapshot, and how many
    recipients the copy counts as unconfirmed because they were not settled then."""

    id: int
    status: str
    unconfirmed: int


@dataclass(frozen=True, slots=True)
class Recipient:
    user_id: int
    chat_id: int


def _moment(value: str | None) -> datetime | None:
    return from_db(value) if value else None


def _broadcast_from_row(row: dict[str, Any]) -> Broadcast:
    report = None
    if row["total"] is not None:
        report = Counts(
            row["total"],
            row["sent"],
            row["blocked"],
            row["failed"],
            row["unknown"],
            row["paused"] or 0,
        )
    return Broadcast(
        id=row["id"],
        text_html=row["text_html"],
        status=row["status"],
        created_by=row["created_by"],
        created_at=from_db(row["created_at"]),
        started_at=_moment(row["started_at"]),
        finished_at=_moment(row["finished_at"]),
        status_chat_id=row["status_chat_id"],
        status_message_id=row["status_message_id"],
        report=report,
        listed=row["listed_at"] is not None,
    )


class BroadcastStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, broadcast_id: int) -> Broadcast | None:
        rows = list(self._db["broadcasts"].rows_where("id = ?", [broadcast_id]))
        return _broadcast_from_row(rows[0]) if rows else None

    def _insert(self, text_html: str, created_by: str, status: str, now: datetime) -> int:
        cursor = self._db.execute(
            "INSERT INTO broadcasts (text_html, status, created_by, created_at, queued_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [text_html, status, created_by, to_db(now), to_db(now) if status == "queued" else None],
        )
        return int(cursor.lastrowid or 0)

    def audience_size(self) -> int:
        """Kept by triggers (migration m026): one row read, however many subscribe."""
        return int(self._db.execute("SELECT subscribers FROM audience_counts").fetchone()[0])

    def create_draft(self, text_html: str, created_by: str, now: datetime) -> int:
        """A new preview makes the author's older previews stale."""
        with self._db.atomic():
            self._db.execute(
                "UPDATE broadcasts SET status = 'cancelled', finished_at = ? "
                "WHERE status = 'draft' AND created_by = ?",
                [to_db(now), created_by],
            )
            return self._insert(text_html, created_by, "draft", now)

    def queue(self, text_html: str, created_by: str, now: datetime) -> int:
        """Queue without a preview: the shell's way in."""
        return self._insert(text_html, created_by, "queued", now)

    def confirm(self, broadcast_id: int, now: datetime) -> ConfirmResult:
        """Move a fresh draft to the queue, once; anything else is refused."""
        with self._db.atomic():
            cursor = self._db.execute(
                "UPDATE broadcasts SET status = 'queued', queued_at = ? "
                "WHERE id = ? AND status = 'draft' AND created_at >= ?",
                [to_db(now), broadcast_id, to_db(now - DRAFT_TTL)],
            )
            if cursor.rowcount == 1:
                return ConfirmResult.QUEUED
            if self.cancel(broadcast_id, now):
                return ConfirmResult.EXPIRED
        return ConfirmResult.NOT_PENDING

    def set_status_message(self, broadcast_id: int, chat_id: int, message_id: int) -> None:
        """The message the runner keeps editing, even after a restart."""
        self._db.execute(
            "UPDATE broadcasts SET status_chat_id = ?, status_message_id = ? WHERE id = ?",
            [chat_id, message_id, broadcast_id],
        )

    def cancel(self, broadcast_id: int, now: datetime) -> bool:
        cursor = self._db.execute(
            "UPDATE broadcasts SET status = 'cancelled', finished_at = ? "
            "WHERE id = ? AND status = 'draft'",
            [to_db(now), broadcast_id],
        )
        return cursor.rowcount == 1

    def ahead_of(self, broadcast_id: int) -> int:
        """How many broadcasts run or wait before this one."""
        row = self._db.execute(
            "SELECT count(*) FROM broadcasts WHERE status IN ('queued', 'running') AND id < ?",
            [broadcast_id],
        ).fetchone()
        return int(row[0])

    def next_to_run(self) -> Broadcast | None:
        """An interrupted broadcast first, then the oldest queued one: one at a time."""
        rows = list(
            self._db.query(
                "SELECT * FROM broadcasts WHERE status IN ('running', 'queued') "
                "ORDER BY status = 'queued', id LIMIT 1"
            )
        )
        return _broadcast_from_row(rows[0]) if rows else None

    def start(self, broadcast_id: int, now: datetime) -> bool:
        """Take the broadcast from the queue; its recipients are listed next."""
        cursor = self._db.execute(
            "UPDATE broadcasts SET status = 'running', started_at = ?, listed_through = 0 "
            "WHERE id = ? AND status = 'queued'",
            [to_db(now), broadcast_id],
        )
        return cursor.rowcount == 1

    def list_recipients(self, broadcast_id: int, now: datetime) -> int | None:
        """List the audience among the next `LIST_CHUNK` users by id, in one short
        transaction; how many were listed, or None once the list is complete.

        The position moves in the same transaction as the rows it covers, so a crash
        between chunks loses nothing and lists nobody twice (the primary key would refuse
        a second listing anyway).
        """
        with self._db.atomic():
            row = self._db.execute(
                "SELECT listed_through FROM broadcasts "
                "WHERE id = ? AND status = 'running' AND listed_at IS NULL",
                [broadcast_id],
            ).fetchone()
            if row is None:
                return None
            after = row[0] or 0
            last = self._db.execute(
                "SELECT max(user_id) FROM "
                "(SELECT user_id FROM users WHERE user_id > ? ORDER BY user_id LIMIT ?)",
                [after, LIST_CHUNK],
            ).fetchone()[0]
            if last is None:
                self._db.execute(
                    "UPDATE broadcasts SET listed_at = ? WHERE id = ?", [to_db(now), broadcast_id]
                )
                return None
            listed = self._db.execute(
                "INSERT OR IGNORE INTO broadcast_recipients (broadcast_id, user_id, chat_id) "
                f"SELECT ?, user_id, chat_id {AUDIENCE} AND user_id > ? AND user_id <= ?",
                [broadcast_id, after, last],
            ).rowcount
            self._db.execute(
                "INSERT INTO broadcast_tally (broadcast_id, status, count) "
                "VALUES (?, 'pending', ?) ON CONFLICT (broadcast_id, status) "
                "DO UPDATE SET count = count + excluded.count",
                [broadcast_id, listed],
            )
            self._db.execute(
                "UPDATE broadcasts SET listed_through = ? WHERE id = ?", [last, broadcast_id]
            )
        return listed

    def recover(self, broadcast_id: int, now: datetime) -> int:
        """Recipients a dead process claimed but never settled: they may have it, so no resend."""
        cursor = self._db.execute(
            "UPDATE broadcast_recipients SET status = 'unknown', updated_at = ?, "
            "error = 'interrupted while sending' "
            "WHERE broadcast_id = ? AND status = 'sending'",
            [to_db(now), broadcast_id],
        )
        return cursor.rowcount + self._forgotten_in_flight_unknown(broadcast_id)

    def _forgotten_in_flight_unknown(self, broadcast_id: int) -> int:
        """Recipients who used /forget while their copy was on the wire, when nobody can
        know any more what became of it (a crash, a backup): unconfirmed, like the rest."""
        row = self._db.execute(
            "SELECT count FROM broadcast_forgotten WHERE broadcast_id = ? AND status = 'sending'",
            [broadcast_id],
        ).fetchone()
        stuck = int(row[0]) if row else 0
        if stuck:
            self._db.execute(
                "INSERT INTO broadcast_forgotten (broadcast_id, status, count) "
                "VALUES (?, 'unknown', ?) ON CONFLICT (broadcast_id, status) "
                "DO UPDATE SET count = count + excluded.count",
                [broadcast_id, stuck],
            )
            self._db.execute(
                "DELETE FROM broadcast_forgotten WHERE broadcast_id = ? AND status = 'sending'",
                [broadcast_id],
            )
        return stuck

    def pending(self, broadcast_id: int, after_user_id: int, limit: int) -> list[Recipient]:
        rows = self._db.execute(
            "SELECT user_id, chat_id FROM broadcast_recipients "
            "WHERE broadcast_id = ? AND status = 'pending' AND user_id > ? "
            "ORDER BY user_id LIMIT ?",
            [broadcast_id, after_user_id, limit],
        ).fetchall()
        return [Recipient(user_id, chat_id) for user_id, chat_id in rows]

    def claim(self, broadcast_id: int, user_id: int, now: datetime) -> bool:
        """Committed before the message goes out; only one claim per recipient succeeds."""
        cursor = self._db.execute(
            "UPDATE broadcast_recipients SET status = 'sending', updated_at = ? "
            "WHERE broadcast_id = ? AND user_id = ? AND status = 'pending'",
            [to_db(now), broadcast_id, user_id],
        )
        return cursor.rowcount == 1

    def release(self, broadcast_id: int, user_id: int) -> None:
        """Give a claim back when we know for sure nothing was sent (a graceful stop).

        A recipient who used /forget while on the wire got nothing and is gone: the
        anonymous count of them in flight goes down instead (see migration m018b).
        """
        cursor = self._db.execute(
            "UPDATE broadcast_recipients SET status = 'pending', updated_at = NULL "
            "WHERE broadcast_id = ? AND user_id = ? AND status = 'sending'",
            [broadcast_id, user_id],
        )
        if cursor.rowcount == 0:
            self._take_forgotten_in_flight(broadcast_id)

    def settle(
        self, broadcast_id: int, user_id: int, outcome: str, now: datetime, error: str | None
    ) -> None:
        """Record the outcome; for a recipient who used /forget while the copy was on the
        wire, in the broadcast's anonymous counts (see migration m018b)."""
        if outcome not in RECIPIENT_OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        with self._db.atomic():
            cursor = self._db.execute(
                "UPDATE broadcast_recipients SET status = ?, updated_at = ?, error = ? "
                "WHERE broadcast_id = ? AND user_id = ? AND status = 'sending'",
                [outcome, to_db(now), error, broadcast_id, user_id],
            )
            if cursor.rowcount == 0 and self._take_forgotten_in_flight(broadcast_id):
                self._db.execute(
                    "INSERT INTO broadcast_forgotten (broadcast_id, status, count) "
                    "VALUES (?, ?, 1) ON CONFLICT (broadcast_id, status) "
                    "DO UPDATE SET count = count + 1",
                    [broadcast_id, outcome],
                )

    def _take_forgotten_in_flight(self, broadcast_id: int) -> bool:
        cursor = self._db.execute(
            "UPDATE broadcast_forgotten SET count = count - 1 "
            "WHERE broadcast_id = ? AND status = 'sending' AND count > 0",
            [broadcast_id],
        )
        return cursor.rowcount == 1

    def fail_pending(self, broadcast_id: int, now: datetime, error: str) -> None:
        self._db.execute(
            "UPDATE broadcast_recipients SET status = 'failed', updated_at = ?, error = ? "
            "WHERE broadcast_id = ? AND status = 'pending'",
            [to_db(now), error, broadcast_id],
        )

    def counts(self, broadcast_id: int) -> Counts:
        """Per outcome, counting recipients who used /forget since (see migration m018b).

        Read from the counts the triggers keep (migration m026): a few rows, however
        many recipients."""
        rows = self._db.execute(
            "SELECT status, count FROM broadcast_tally WHERE broadcast_id = ? "
            "UNION ALL SELECT status, count FROM broadcast_forgotten WHERE broadcast_id = ?",
            [broadcast_id, broadcast_id],
        ).fetchall()
        by_status: Counter[str] = Counter()
        for status, count in rows:
            by_status[status] += count
        return Counts(
            total=sum(by_status.values()),
            sent=by_status["sent"],
            blocked=by_status["blocked"],
            failed=by_status["failed"],
            unknown=by_status["unknown"],
            paused=by_status["paused"],
        )

    def finish(self, broadcast_id: int, now: datetime) -> Counts:
        """Keep the report on the broadcast itself, so it outlives forgotten users."""
        counts = self.counts(broadcast_id)
        self._db.execute(
            "UPDATE broadcasts SET status = 'done', finished_at = ?, total = ?, sent = ?, "
            "blocked = ?, failed = ?, unknown = ?, paused = ?, listed_at = coalesce(listed_at, ?) "
            "WHERE id = ? AND status = 'running'",
            [
                to_db(now),
                counts.total,
                counts.sent,
                counts.blocked,
                counts.failed,
                counts.unknown,
                counts.paused,
                to_db(now),
                broadcast_id,
            ],
        )
        return counts

    def close_for_backup(self, now: datetime) -> list[Closed]:
        """In a backup copy: close every broadcast under way, so a restore sends none again.

        The live bot goes on sending after the snapshot, so the copy cannot tell who got
        a message later: a running broadcast's recipients not yet settled become 'unknown'
        (unconfirmed, never resent) and it ends with its report; a queued one is cancelled.
        At most once, as after a crash (`bot.admin.broadcasting`). A preview stays: it
        goes out only if an admin confirms it again.
        """
        closed = []
        with self._db.atomic():
            open_rows = self._db.execute(
                "SELECT id, status FROM broadcasts WHERE status IN ('queued', 'running') "
                "ORDER BY id"
            ).fetchall()
            for broadcast_id, status in open_rows:
                if status != "running":
                    self._db.execute(
                        "UPDATE broadcasts SET status = 'cancelled', finished_at = ? WHERE id = ?",
                        [to_db(now), broadcast_id],
                    )
                    closed.append(Closed(broadcast_id, status, unconfirmed=0))
                    continue
                cursor = self._db.execute(
                    "UPDATE broadcast_recipients SET status = 'unknown', updated_at = ?, "
                    "error = ? WHERE broadcast_id = ? AND status IN ('pending', 'sending')",
                    [to_db(now), BACKUP_UNCONFIRMED, broadcast_id],
                )
                forgotten = self._forgotten_in_flight_unknown(broadcast_id)
                self.finish(broadcast_id, now)
                closed.append(Closed(broadcast_id, status, unconfirmed=cursor.rowcount + forgotten))
        return closed

    def last_finished(self) -> Broadcast | None:
        rows = list(
            self._db.query(
                "SELECT * FROM broadcasts WHERE status = 'done' ORDER BY id DESC LIMIT 1"
            )
        )
        return _broadcast_from_row(rows[0]) if rows else None
