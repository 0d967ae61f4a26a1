"""What keeps a bot with a million subscribers responsive, shown at a small size (issue 18):
recipients listed in chunks and resumed after a restart, counts kept by triggers, activity
written in batches, bookkeeping pruned, and the WAL kept bounded off the event loop."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from bot.admin import broadcast_store
from bot.admin.broadcast_store import BroadcastStore
from bot.clock import to_db
from bot.config import Config
from bot.core import database, retention
from bot.core.database import Checkpoints, Reads, open_database
from bot.core.texts import plain
from tests.admin_support import (
    ADA,
    crowd,
    finish_broadcasts,
    preview,
    received,
    run_pick_up_job,
    subscribe,
)
from tests.daily_support import run_job, tips_to, utc
from tests.daily_support import subscribe as subscribe_daily
from tests.fake_bot_api import FakeBotApi, FakeUser
from tests.support import Driver, FakeClock, running_bot


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(broadcast_store, "LIST_CHUNK", 2)


def edits_of(bot: Driver, chat_id: int, message_id: int) -> list[str]:
    return [
        plain(r.text)
        for r in bot.server.requests
        if r.method == "editMessageText"
        and r.chat_id == chat_id
        and int(r.params.get("message_id", 0)) == message_id
    ]


@pytest.mark.usefixtures("small_chunks")
async def test_a_broadcast_is_listing_its_recipients_before_it_sends(bot: Driver) -> None:
    users = crowd(5)
    await subscribe(bot, users)
    shown = await preview(bot, ADA, "/broadcast Listed in chunks")
    since = bot.mark()
    await bot.press(ADA, shown.button("Send")["callback_data"], shown)
    status = await bot.server.wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == ADA.id, since=since
    )
    await finish_broadcasts(bot)

    edits = edits_of(bot, ADA.id, status.message_id)
    assert "Broadcast #1: preparing the list of recipients…\nListed so far: 0" in edits[0]
    assert "Broadcast #1: finished" in edits[-1]
    assert "Recipients: 5\nSent: 5" in edits[-1]
    assert [received(bot, user, "Listed in chunks") for user in users] == [1] * 5
    row = bot.db["broadcasts"].get(1)
    assert row["listed_at"] is not None and row["listed_through"] == users[-1].id


@pytest.mark.usefixtures("small_chunks")
async def test_a_restart_while_listing_goes_on_listing_and_sends_each_once(
    config: Config, server: FakeBotApi, clock: FakeClock
) -> None:
    users = crowd(5)
    async with running_bot(config, server, clock) as bot:
        await subscribe(bot, users)
        store = BroadcastStore(bot.db)
        broadcast_id = store.queue("Listed across a restart", "shell:ops", clock.now())
        assert store.start(broadcast_id, clock.now())
        assert store.list_recipients(broadcast_id, clock.now()) == 2  # then the process dies
        assert store.get(broadcast_id).listed is False  # type: ignore[union-attr]

    async with running_bot(config, server, clock) as bot:
        await run_pick_up_job(bot.app)
        assert [received(bot, user, "Listed across a restart") for user in users] == [1] * 5
        row = bot.db["broadcasts"].get(broadcast_id)
        assert (row["status"], row["total"], row["sent"]) == ("done", 5, 5)


def test_the_counts_kept_by_triggers_match_the_rows(tmp_path: Path) -> None:
    db = open_database(tmp_path / "bot.sqlite3")
    now = utc(2026, 3, 2, 9, 0)
    for user_id in range(1, 7):
        db.execute(
            "INSERT INTO users (user_id, chat_id, first_seen, subscribed, timezone) "
            "VALUES (?, ?, ?, 1, 'UTC')",
            [user_id, user_id, to_db(now)],
        )
    db.execute("UPDATE users SET subscribed = 0 WHERE user_id = 2")
    db.execute("UPDATE users SET blocked_at = ?, subscribed = 0 WHERE user_id = 3", [to_db(now)])
    db.execute("UPDATE users SET blocked_at = ? WHERE user_id = 4", [to_db(now)])
    db.execute("DELETE FROM users WHERE user_id = 5")
    store = BroadcastStore(db)
    assert store.audience_size() == 2  # users 1 and 6
    assert db.execute("SELECT blocked FROM audience_counts").fetchone()[0] == 2

    broadcast_id = store.queue("hi", "shell:ops", now)
    store.start(broadcast_id, now)
    while store.list_recipients(broadcast_id, now) is not None:
        pass
    store.claim(broadcast_id, 1, now)
    assert store.counts(broadcast_id).total == 2 and store.counts(broadcast_id).remaining == 2
    store.settle(broadcast_id, 1, "sent", now, None)
    db.execute("DELETE FROM users WHERE user_id = 6")  # /forget before their turn
    counts = store.counts(broadcast_id)
    assert (counts.total, counts.sent, counts.remaining) == (1, 1, 0)


async def test_activity_is_written_when_the_bot_stops(
    config: Config, server: FakeBotApi, clock: FakeClock, alice: FakeUser
) -> None:
    async with running_bot(config, server, clock) as bot:
        await bot.send(alice, "/start")
        clock.advance(days=2)
        await bot.send(alice, "/help")
        seen = to_db(clock.now())
    db = open_database(config.database_path)
    assert db["users"].get(alice.id)["last_active_at"] == seen
    db.close()


async def test_pruning_keeps_what_the_one_tip_a_day_needs(
    bot: Driver, alice: FakeUser, bob: FakeUser
) -> None:
    bot.clock.set(utc(2026, 3, 2, 7, 59))
    await subscribe_daily(bot, alice, "UTC", "08:00")
    await subscribe_daily(bot, bob, "UTC", "08:00")
    for days_ago in (10, 8, 6, 3):
        day = bot.clock.now() - timedelta(days=days_ago)
        bot.db.execute(
            "INSERT INTO deliveries (user_id, local_date, tip_id, status, claimed_at, sent_at, "
            "scheduled_at, timezone) VALUES (?, ?, 'old', 'sent', ?, ?, ?, 'UTC')",
            [bob.id, day.date().isoformat(), to_db(day), to_db(day), to_db(day)],
        )
    bot.clock.set(utc(2026, 3, 2, 8, 0))
    await run_job(bot)
    assert len(tips_to(bot, alice)) == 1 and len(tips_to(bot, bob)) == 1

    data = bot.app.bot_data
    pruned = await retention.prune(data.db, bot.clock.now(), data.checkpoints.room)
    assert pruned.deliveries == 2  # claimed 10 and 8 days ago; a week and newer are kept
    kept = [row["local_date"] for row in bot.db["deliveries"].rows_where("user_id = ?", [bob.id])]
    assert kept == ["2026-02-24", "2026-02-27", "2026-03-02"]

    bot.db.execute(
        "UPDATE schedules SET next_due_at = ? WHERE kind = 'tip'", [to_db(bot.clock.now())]
    )
    bot.clock.advance(minutes=30)
    await run_job(bot)
    assert len(tips_to(bot, alice)) == 1 and len(tips_to(bot, bob)) == 1  # not twice today
    figures = plain((await bot.send(ADA, "/admin")).text)
    assert "Daily tips delivered today (UTC): 2\n" in figures  # kept by a trigger


NOW = utc(2026, 3, 2, 8)


def deliveries_claimed(path: Path, claimed: list[datetime]) -> Database:
    """One user's delivery records, claimed in that order (a local date each)."""
    db = open_database(path)
    db["users"].insert(
        {
            "user_id": 7,
            "chat_id": 7,
            "first_seen": to_db(NOW - timedelta(days=90)),
            "timezone": "UTC",
        }
    )
    db["deliveries"].insert_all(
        {
            "user_id": 7,
            "local_date": (NOW.date() - timedelta(days=index)).isoformat(),
            "tip_id": "stretch",
            "status": "sent",
            "claimed_at": to_db(at),
            "sent_at": to_db(at),
            "scheduled_at": to_db(at),
            "timezone": "UTC",
        }
        for index, at in enumerate(claimed)
    )
    return db


async def no_room() -> None:
    """The bot's `Checkpoints.room`, with no checkpoint thread to wait for."""


def claims_left(db: Database) -> list[str]:
    return [row[0] for row in db.execute("SELECT claimed_at FROM deliveries ORDER BY id")]


async def test_pruning_takes_the_oldest_claims_in_chunks_up_to_the_first_one_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retention, "CHUNK", 3)
    old = [NOW - timedelta(days=30, hours=-index) for index in range(20)]
    kept = [
        NOW - retention.DELIVERIES_KEPT,
        NOW - timedelta(days=6),
        NOW - timedelta(days=20),  # claimed after a later one (a clock set back): waits for it
        NOW - timedelta(hours=1),
    ]
    db = deliveries_claimed(tmp_path / "bot.sqlite3", [*old, *kept])
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)

    pruned = await retention.prune(db, NOW, no_room)
    assert pruned.deliveries == 20
    assert claims_left(db) == [to_db(at) for at in kept]
    deletes = [sql for sql in statements if sql.startswith("DELETE FROM deliveries")]
    assert len(deletes) == 7  # six chunks of three old ones, then the two before a kept one

    pruned = await retention.prune(db, NOW + timedelta(days=8), no_room)
    assert pruned.deliveries == len(kept)
    assert claims_left(db) == []


async def vm_steps_of_pruning(path: Path, newer: int) -> int:
    """SQLite's own count of the work pruning 10 old records does: the same on any machine."""
    old = [NOW - timedelta(days=10, minutes=-index) for index in range(10)]
    db = deliveries_claimed(
        path, [*old, *[NOW - timedelta(seconds=newer - index) for index in range(newer)]]
    )
    steps = 0

    def step() -> int:
        nonlocal steps
        steps += 1
        return 0

    db.conn.set_progress_handler(step, 1)
    pruned = await retention.prune(db, NOW, no_room)
    db.conn.set_progress_handler(None, 1)
    assert pruned.deliveries == len(old)
    db.close()
    return steps


async def test_pruning_never_reads_through_the_records_it_keeps(tmp_path: Path) -> None:
    few = await vm_steps_of_pruning(tmp_path / "few.sqlite3", 1_000)
    many = await vm_steps_of_pruning(tmp_path / "many.sqlite3", 20_000)
    assert many <= few + 100  # reading 19,000 more kept records: tens of thousands more


async def test_pruning_removes_old_broadcast_recipients_and_feedback(bot: Driver) -> None:
    users = crowd(3)
    await subscribe(bot, users)
    shown = await preview(bot, ADA, "/broadcast Old news")
    await bot.press(ADA, shown.button("Send")["callback_data"], shown)
    await finish_broadcasts(bot)
    now = bot.clock.now()
    bot.db.execute(
        "INSERT INTO feedback (user_id, sent_at) VALUES (?, ?)", [users[0].id, to_db(now)]
    )
    old = to_db(now - timedelta(days=91))
    bot.db.execute("INSERT INTO feedback (user_id, sent_at) VALUES (?, ?)", [users[1].id, old])
    data = bot.app.bot_data

    pruned = await retention.prune(data.db, now + timedelta(days=13), data.checkpoints.room)
    assert (pruned.recipients, pruned.feedback) == (0, 1)
    assert bot.db["broadcast_recipients"].count == 3
    assert [row["user_id"] for row in bot.db["feedback"].rows] == [users[0].id]

    pruned = await retention.prune(data.db, now + timedelta(days=15), data.checkpoints.room)
    assert pruned.recipients == 3
    assert bot.db["broadcast_recipients"].count == 0 and bot.db["broadcast_tally"].count == 0
    assert (await bot.send(ADA, "/admin")).text.count("Sent: 3") == 1  # the report stays


def fill(db: sqlite3.Connection, rows: int) -> None:
    db.executemany("INSERT INTO filler (data) VALUES (?)", [("x" * 1000,)] * rows)


def test_the_checkpoints_keep_the_wal_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(database, "WAL_BOUND_BYTES", 200_000)
    path = tmp_path / "bot.sqlite3"
    db = open_database(path)
    Checkpoints.take_over(db)
    assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    assert db.execute("PRAGMA journal_size_limit").fetchone()[0] == 64 * 1024 * 1024
    db.execute("PRAGMA journal_size_limit = 0")  # cut back to nothing, where 64 MB is small
    db.execute("CREATE TABLE filler (data TEXT)")
    checkpoints = Checkpoints(path)
    # As the checkpoint thread's own connection: no busy wait.
    side = sqlite3.connect(path, isolation_level=None, timeout=0)
    with db.atomic():
        fill(db.conn, 1000)
    assert checkpoints.wal_size() > 1_000_000  # nothing copied it on commit

    with reader_holding_a_snapshot(path):
        checkpoints.checkpoint(side)
        assert checkpoints.caught_up == 1
        with db.atomic():
            fill(db.conn, 1)
        assert checkpoints.wal_size() > 1_000_000  # all copied, but a reader still uses it
    checkpoints.checkpoint(side)  # all copied, nobody reads
    assert checkpoints.caught_up == 2
    with db.atomic():
        fill(db.conn, 1)
    assert checkpoints.wal_size() < 100_000  # the next write started it over, cut back
    side.close()
    db.close()


@contextlib.contextmanager
def reader_holding_a_snapshot(path: Path) -> Iterator[None]:
    """A read transaction left open, as a long /export would."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute("SELECT count(*) FROM filler").fetchone()
    try:
        yield
    finally:
        conn.execute("COMMIT")
        conn.close()


def checkpoint_threads() -> int:
    return sum(1 for thread in threading.enumerate() if thread.name == "wal-checkpoints")


async def test_the_checkpoint_thread_runs_with_the_bot_and_stops_with_it(
    config: Config, server: FakeBotApi, clock: FakeClock
) -> None:
    before = checkpoint_threads()
    async with running_bot(config, server, clock):
        assert checkpoint_threads() == before + 1
    assert checkpoint_threads() == before


async def test_reads_run_on_a_connection_that_cannot_write(tmp_path: Path) -> None:
    path = tmp_path / "bot.sqlite3"
    open_database(path).close()
    reads = Reads(path)
    assert await reads.run(lambda db: db.execute("SELECT count(*) FROM users").fetchone()[0]) == 0
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        await reads.run(lambda db: db.execute("DELETE FROM users"))
    reads.close()


def test_the_bots_transactions_take_the_write_lock_when_they_begin(tmp_path: Path) -> None:
    """So one that reads before it writes never has to upgrade a read lock, which SQLite
    refuses at once, without waiting, while the checkpoint thread holds the write lock."""
    path = tmp_path / "bot.sqlite3"
    db = open_database(path)
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    with db.atomic():
        db.execute("SELECT count(*) FROM users").fetchone()
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")
    other.execute("COMMIT")
    other.close()
    db.close()
