"""Helpers for the fault tests: many subscribers at once, and "exactly one copy each"."""

from __future__ import annotations

import contextlib
import sqlite3
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from bot.clock import to_db
from bot.core.sending import DEFAULT_CONCURRENCY
from bot.daily.run import SETTLE_BATCH

FIRST_ID = 500_000_001


def seed_subscribers(db: Database, count: int, due: datetime, zone: str = "UTC") -> list[int]:
    """`count` subscribers in `zone` whose daily tip is due at `due`, written in one go.

    Going through /start for thousands of users would take most of the suite's budget;
    the rows are exactly what /start writes for a UTC subscriber.
    """
    ids = list(range(FIRST_ID, FIRST_ID + count))
    insert_subscribers(db, [(uid, zone, due) for uid in ids], to_db(due))
    return ids


def insert_subscribers(
    db: Database,
    rows: list[tuple[int, str, datetime]],
    first_seen: str,
    kinds: tuple[str, ...] = ("tip",),
) -> None:
    """(user_id, zone, due) rows: subscribers whose `kinds` are all due at `due`, at the
    local time that is, every day, as /start and /settings write them."""
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO users (user_id, chat_id, first_seen, subscribed, timezone) "
            "VALUES (?, ?, ?, 1, ?)",
            [(uid, uid, first_seen, zone) for uid, zone, _ in rows],
        )
        db.conn.executemany(
            "INSERT INTO schedules (user_id, kind, enabled, local_time, next_due_at) "
            "VALUES (?, ?, 1, ?, ?)",
            [
                (uid, kind, due.astimezone(ZoneInfo(zone)).strftime("%H:%M"), to_db(due))
                for uid, zone, due in rows
                for kind in kinds
            ],
        )


def copies(acted: Counter[int], ids: list[int]) -> Counter[int]:
    """How many users got 0, 1, 2... messages: {1: len(ids)} is exactly once for all."""
    return Counter(acted[uid] for uid in ids)


def midday_zone(now: datetime) -> str:
    """A zone where it is around noon now, so "due a minute ago" is today, whenever."""
    offset = 12 - now.astimezone(UTC).hour
    return f"Etc/GMT{-offset:+d}" if offset else "UTC"


def integrity(db_path: Path) -> str:
    """SQLite's own consistency check of the whole file: "ok" when sound."""
    with contextlib.closing(sqlite3.connect(db_path, timeout=10)) as conn:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])


def check_daily_records(statuses: Counter[str], messages: int, kills: int) -> None:
    """After `kills` kill -9s and a clean start, every message is recorded once: 'sent',
    or 'sending' if a kill caught it. A kill catches the sends in flight, whose answers
    the server held, and the records of sends not yet written (`SETTLE_BATCH`); each of
    those had its message, and none was resent (the caller checks the copies)."""
    assert set(statuses) <= {"sent", "sending"}
    assert statuses["sent"] + statuses["sending"] == messages
    caught = kills * DEFAULT_CONCURRENCY
    assert caught <= statuses["sending"] <= caught + kills * (SETTLE_BATCH - 1)
