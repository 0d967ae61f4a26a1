"""kill -9 of `python -m bot` mid-broadcast, mid-daily-run and mid-diary: nothing doubled.

The deterministic kill points. Telegram has no idempotency key, so there is a window
that no design closes: between committing a recipient's claim and the request bytes
leaving the process. A kill inside it loses that one message (the restart sees the
claim and, rightly, does not resend). A test that killed at truly random moments would
therefore fail now and then, by design; `python -m bench faults` measures how often.
Here the kills land where no worker is inside that window: from a random N-th
sendMessage on (fixed seed), the fake server still acts on every request but holds
back its answers, and the test kills once `DEFAULT_CONCURRENCY` requests are held.
Every worker is then waiting for an answer, so every claimed recipient's request has
reached the server, and the guarantee to check is exact: every subscriber has one copy.

The diary needs no such care: an entry is committed before the bot acknowledges it
("Saved"), so after a kill at any moment every acknowledged entry must be there.

The three scenarios run side by side (each with its own server, database and
process) to keep the suite's wall time down. No step has a time budget: each process is
waited for until it serves, and every later wait is only a guard against a hang, so
the test passes however loaded the machine is. KILL9_SUBSCRIBERS sets how many
subscribers the broadcast and the daily run go to (300 by default).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import signal
import sqlite3
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.admin.broadcast_store import BroadcastStore
from bot.core.database import open_database
from bot.core.sending import DEFAULT_CONCURRENCY
from bot.diary import texts
from bot.diary.buttons import LogSeverity
from tests.bot_process import HANG_GUARD, BotProcess, bot_environment
from tests.fake_bot_api import FakeBotApi, FakeUser, Recorded
from tests.fault_support import (
    check_daily_records,
    copies,
    integrity,
    midday_zone,
    seed_subscribers,
)
from tests.support import size_from_environment

pytestmark = pytest.mark.slow

KILLS = 5
SUBSCRIBERS = size_from_environment(
    "KILL9_SUBSCRIBERS", 300, minimum=10 + (KILLS + 2) * DEFAULT_CONCURRENCY + KILLS
)
SEED = 20261123
ADMIN_ID = 42
BROADCAST_TEXT = "Survives kill -9."


def kill_points(rng: random.Random) -> list[int]:
    """Where the server starts holding answers, by sendMessage count: rising, at least
    `DEFAULT_CONCURRENCY` apart (a kill leaves that many more acted on) and well short
    of the end, so `DEFAULT_CONCURRENCY` recipients are always left to hold."""
    spread = range(10, SUBSCRIBERS - (KILLS + 2) * DEFAULT_CONCURRENCY)
    points = sorted(rng.sample(spread, KILLS))
    return [point + n * DEFAULT_CONCURRENCY for n, point in enumerate(points)]


async def kill_five_times(
    server: FakeBotApi, env: dict[str, str], workdir: Path, points: list[int]
) -> None:
    for point in points:
        server.withhold_answers(after=point)
        async with BotProcess(env, workdir) as process:
            await process.serving()
            await server.wait_until(lambda: server.held >= DEFAULT_CONCURRENCY, HANG_GUARD)
            await process.kill()
        server.answer_held()


async def scenario(tmp: Path, points: list[int], daily: bool) -> None:
    server = FakeBotApi()
    await server.start()
    db_path = tmp / "data" / "bot.sqlite3"
    now = datetime.now(UTC)
    db = open_database(db_path)
    if daily:
        ids = seed_subscribers(db, SUBSCRIBERS, now - timedelta(minutes=1), midday_zone(now))
    else:
        ids = seed_subscribers(db, SUBSCRIBERS, now + timedelta(days=300))
        store = BroadcastStore(db)
        broadcast_id = store.queue(BROADCAST_TEXT, "test", now)
        status = server.add_bot_message(ADMIN_ID, "📣 Broadcast #1: starting…")
        store.set_status_message(broadcast_id, ADMIN_ID, status)
    db.close()
    env = bot_environment(server.url, db_path, BULK_MESSAGES_PER_SECOND="0")
    try:
        await kill_five_times(server, env, tmp, points)
        assert integrity(db_path) == "ok"
        async with BotProcess(env, tmp) as process:
            await process.serving()
            if daily:
                await server.wait_until(lambda: all(server.acted[uid] for uid in ids), HANG_GUARD)
            else:
                await server.wait_for(
                    lambda r: r.method == "editMessageText" and "finished" in r.text,
                    within=HANG_GUARD,
                )
            process.signal(signal.SIGTERM)
            assert await process.wait() == 0
        assert copies(server.acted, ids) == {1: SUBSCRIBERS}
        assert integrity(db_path) == "ok"
        db = open_database(db_path)
        held_at_kills = KILLS * DEFAULT_CONCURRENCY
        if daily:
            rows = db.execute("SELECT status, count(*) FROM deliveries GROUP BY status")
            check_daily_records(Counter(dict(rows.fetchall())), SUBSCRIBERS, KILLS)
        else:
            row = db["broadcasts"].get(1)
            assert (row["status"], row["sent"], row["unknown"]) == (
                "done",
                SUBSCRIBERS - held_at_kills,
                held_at_kills,
            )
        db.close()
    finally:
        await server.stop()


def answer_to(query_id: str) -> Callable[[Recorded], bool]:
    return lambda r: r.method == "answerCallbackQuery" and r.params["callback_query_id"] == query_id


async def log_cramps(server: FakeBotApi, user: FakeUser, saved: set[tuple[int, int]]) -> None:
    """/log and the severity tap, again and again; `saved` gets each acknowledged entry."""
    tap = LogSeverity("calf", "left", "severe").encode()
    while True:
        since = len(server.requests)
        server.inject_message(user, "/log")
        flow = await server.wait_for(
            lambda r: r.method == "sendMessage" and r.chat_id == user.id, since, HANG_GUARD
        )
        query_id = server.inject_callback(user, tap, flow.message_id)
        answer = await server.wait_for(answer_to(query_id), since, HANG_GUARD)
        if answer.params.get("text") == texts.LOG_SAVED_TOAST:
            saved.add((user.id, flow.message_id))


async def diary_scenario(tmp: Path, acknowledged_before_kill: int) -> None:
    server = FakeBotApi()
    await server.start()
    db_path = tmp / "data" / "bot.sqlite3"
    saved: set[tuple[int, int]] = set()
    users = [FakeUser(3001 + n, f"Logger{n}") for n in range(8)]
    try:
        async with BotProcess(bot_environment(server.url, db_path), tmp) as process:
            await process.serving()
            flows = [asyncio.create_task(log_cramps(server, user, saved)) for user in users]
            await server.wait_until(lambda: len(saved) >= acknowledged_before_kill, HANG_GUARD)
            await process.kill()
            for flow in flows:
                flow.cancel()
            await asyncio.gather(*flows, return_exceptions=True)
        assert integrity(db_path) == "ok"
        with contextlib.closing(sqlite3.connect(db_path)) as conn:
            stored = set(conn.execute("SELECT user_id, flow_message_id FROM cramp_entries"))
        assert len(saved) >= acknowledged_before_kill
        assert saved <= stored
    finally:
        await server.stop()


async def test_kill_9_five_times_mid_broadcast_and_mid_daily_run_then_a_clean_start(
    tmp_path: Path,
) -> None:
    rng = random.Random(SEED)
    await asyncio.gather(
        scenario(tmp_path / "broadcast", kill_points(rng), daily=False),
        scenario(tmp_path / "daily", kill_points(rng), daily=True),
        diary_scenario(tmp_path / "diary", rng.randint(20, 60)),
    )
