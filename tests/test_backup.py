"""`python -m bot backup FILE`: a private, consistent copy, taken while the bot runs, that a
bot can start on without sending anyone a message twice."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import stat
import sys
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.admin.broadcast_store import BroadcastStore
from bot.clock import to_db
from bot.config import Config
from bot.core.backup import settle_restored_copy, take_backup
from bot.core.database import open_database
from bot.core.sending import DEFAULT_CONCURRENCY
from tests.bot_process import PROJECT_ROOT, BotProcess, bot_environment
from tests.daily_support import TIP_HEADER, run_job
from tests.fake_bot_api import FakeBotApi, FakeUser
from tests.fault_support import insert_subscribers, integrity, midday_zone, seed_subscribers
from tests.support import FakeClock, running_bot

SUBSCRIBERS = 60
ANSWERED_BEFORE_BACKUP = 20
FIRST = "Before the backup."
SECOND = "After the restore."
ADMIN_ID = 42


async def cli(env: dict[str, str], *args: str, umask: int = 0o022) -> tuple[int, str]:
    """`python -m bot ARGS` as an operator runs it, without blocking the fake server."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=env,
        cwd=PROJECT_ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
        umask=umask,
    )
    output, _ = await process.communicate()
    return await process.wait(), output.decode()


def query(path: Path, sql: str, params: tuple = ()) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute(sql, params).fetchall()


def copies_of(server: FakeBotApi, text: str, ids: list[int]) -> Counter[int]:
    """How many users got 0, 1, 2... copies of `text`."""
    per_user = Counter(r.chat_id for r in server.calls("sendMessage") if r.text == text)
    return Counter(per_user[uid] for uid in ids)


@pytest.mark.slow
async def test_a_backup_taken_mid_broadcast_starts_and_sends_nobody_a_second_copy(
    server: FakeBotApi, tmp_path: Path
) -> None:
    live_path = tmp_path / "live" / "bot.sqlite3"
    copy_path = tmp_path / "backups" / "copy.sqlite3"
    db = open_database(live_path)
    ids = seed_subscribers(db, SUBSCRIBERS, datetime.now(UTC) + timedelta(days=300))
    store = BroadcastStore(db)
    broadcast_id = store.queue(FIRST, "test", datetime.now(UTC))
    store.set_status_message(broadcast_id, ADMIN_ID, server.add_bot_message(ADMIN_ID, "📣"))
    db.close()
    env = bot_environment(server.url, live_path, BULK_MESSAGES_PER_SECOND="0")

    server.withhold_answers(after=ANSWERED_BEFORE_BACKUP)
    async with BotProcess(env, tmp_path / "live") as live:
        await server.wait_until(lambda: server.held >= DEFAULT_CONCURRENCY, 20)
        code, output = await cli(env, "backup", str(copy_path), umask=0)
        assert code == 0, output
        assert f"Backup written to {copy_path}" in output
        assert f"Broadcast #{broadcast_id} was running" in output
        assert query(live_path, "SELECT pid FROM instance_lock") == [(live.pid,)]
        assert query(copy_path, "SELECT count(*) FROM instance_lock") == [(0,)]
        server.answer_held()
        await server.wait_for(
            lambda r: r.method == "editMessageText" and "finished" in r.text, within=20
        )
        live.signal(signal.SIGTERM)
        assert await live.wait() == 0
    assert copies_of(server, FIRST, ids) == {1: SUBSCRIBERS}

    assert stat.S_IMODE(copy_path.stat().st_mode) == 0o600
    assert sorted(os.listdir(copy_path.parent)) == ["copy.sqlite3"]
    assert integrity(copy_path) == "ok"
    ((status, sent, unknown),) = query(
        copy_path, "SELECT status, sent, unknown FROM broadcasts WHERE id = ?", (broadcast_id,)
    )
    assert status == "done"
    assert sent <= ANSWERED_BEFORE_BACKUP
    assert sent + unknown == SUBSCRIBERS

    code, output = await cli(env, "broadcast", SECOND, "--database", str(copy_path))
    assert code == 0, output
    restored_env = bot_environment(server.url, copy_path, BULK_MESSAGES_PER_SECOND="0")
    async with BotProcess(restored_env, tmp_path / "restored") as restored:
        await server.wait_until(lambda: copies_of(server, SECOND, ids) == {1: SUBSCRIBERS}, 20)
        restored.signal(signal.SIGTERM)
        assert await restored.wait() == 0
    assert "first start on a backup taken at" in restored.output
    assert copies_of(server, FIRST, ids) == {1: SUBSCRIBERS}
    assert copies_of(server, SECOND, ids) == {1: SUBSCRIBERS}


@pytest.mark.slow
async def test_the_first_bot_on_a_copy_skips_the_tips_due_at_the_backup(
    server: FakeBotApi, tmp_path: Path
) -> None:
    """The live bot sends them after the snapshot; the copy must not send them again."""
    live_path = tmp_path / "live.sqlite3"
    copy_path = tmp_path / "copy" / "bot.sqlite3"
    now = datetime.now(UTC)
    db = open_database(live_path)
    ids = seed_subscribers(db, 3, now - timedelta(minutes=1), midday_zone(now))
    db.close()
    env = bot_environment(server.url, copy_path)
    code, output = await cli(env, "backup", str(copy_path), "--database", str(live_path))
    assert code == 0, output
    assert query(copy_path, "SELECT count(*) FROM restore_point") == [(1,)]

    async with BotProcess(env, tmp_path) as restored:
        since = len(server.requests)
        server.inject_message(FakeUser(1001), "/help")
        await server.wait_for(lambda r: r.method == "sendMessage", since=since, within=20)
        restored.signal(signal.SIGTERM)
        assert await restored.wait() == 0
    assert "3 daily tip(s) due since are skipped" in restored.output
    assert "0 still due go out on the next start" in restored.output
    assert all(not server.sent_to(uid) for uid in ids)
    assert query(copy_path, "SELECT count(*) FROM restore_point") == [(0,)]
    tomorrow = to_db(now + timedelta(hours=12))
    dues = query(copy_path, "SELECT next_due_at FROM schedules")
    assert {row[0] > tomorrow for row in dues} == {True}


async def test_a_restored_bot_skips_what_may_have_gone_out_and_keeps_what_is_to_come(
    server: FakeBotApi, config: Config, clock: FakeClock, tmp_path: Path
) -> None:
    """Snapshot at 09:00 UTC, restore at 12:00: the 08:00 and 10:00 tips may have gone out
    from the live bot and are skipped today; the 18:00 one comes, and tomorrow all do."""
    live_path = tmp_path / "live.sqlite3"
    db = open_database(live_path)
    times = {7001: "08:00", 7002: "10:00", 7003: "18:00"}
    rows = [
        (uid, "UTC", datetime.combine(clock.now().date(), time.fromisoformat(at), UTC))
        for uid, at in times.items()
    ]
    insert_subscribers(db, rows, to_db(clock.now()))
    db.close()
    take_backup(live_path, config.database_path, clock)
    clock.advance(hours=3)
    copy = open_database(config.database_path)
    restored = settle_restored_copy(copy, clock.now())
    assert restored is not None and restored.skipped == 2
    assert settle_restored_copy(copy, clock.now()) is None, "only the first start skips"
    copy.close()

    def tips(uid: int) -> int:
        return sum(TIP_HEADER in r.text for r in server.sent_to(uid))

    async with running_bot(config, server, clock) as bot:
        await run_job(bot)
        assert [tips(uid) for uid in times] == [0, 0, 0]
        clock.set(datetime.combine(clock.now().date(), datetime.min.time(), UTC).replace(hour=18))
        await run_job(bot)
        assert [tips(uid) for uid in times] == [0, 0, 1]
        clock.advance(hours=17)  # 11:00 the next day
        await run_job(bot)
        assert [tips(uid) for uid in times] == [1, 1, 1]


async def test_backup_refuses_to_overwrite_or_to_copy_nothing(tmp_path: Path) -> None:
    env = bot_environment("http://127.0.0.1:9", tmp_path / "data" / "bot.sqlite3")
    code, output = await cli(env, "backup", str(tmp_path / "b.sqlite3"))
    assert (code, output.strip()) == (
        2,
        f"Backup failed: there is no database at {tmp_path / 'data' / 'bot.sqlite3'}",
    )
    assert not (tmp_path / "data").exists(), "no empty database is created"
    assert not (tmp_path / "b.sqlite3").exists()

    open_database(tmp_path / "data" / "bot.sqlite3").close()
    (tmp_path / "b.sqlite3").write_text("an older backup")
    code, output = await cli(env, "backup", str(tmp_path / "b.sqlite3"))
    assert (code, output.strip()) == (
        2,
        f"Backup failed: {tmp_path / 'b.sqlite3'} already exists; give the backup a new name",
    )
    assert (tmp_path / "b.sqlite3").read_text() == "an older backup"
