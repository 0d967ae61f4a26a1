"""`python -m bot check`: one line per check, exit 0 only when ready, and it only looks."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database
from typer.testing import CliRunner

from bot.__main__ import cli
from bot.config import DEFAULT_CONTENT_DIR
from bot.core import readiness
from bot.core.database import open_database, pending_migrations
from bot.core.instance_lock import TTL, InstanceLock
from bot.core.migrations import MIGRATIONS
from tests.bot_process import BotProcess, bot_environment
from tests.fake_bot_api import FakeBotApi
from tests.support import TOKEN, FakeClock


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "bot.sqlite3"


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, db_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith(("TELEGRAM_", "DATABASE_", "CONTENT_", "WEBHOOK_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("DATABASE_PATH", str(db_path))


def check() -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, ["check"])
    assert "Traceback" not in result.output
    assert TOKEN not in result.output
    return result.exit_code, result.output.strip().splitlines()


def test_ready_with_a_current_database(db_path: Path) -> None:
    open_database(db_path).close()
    code, lines = check()
    assert code == 0
    assert lines == [
        "OK    configuration: long polling (WEBHOOK_URL not set)",
        "OK    content: 11 causes, 10 tips",
        f"OK    database: {db_path} is writable and its schema is current",
        "Ready.",
    ]


def test_a_missing_database_is_ready_but_not_created(db_path: Path) -> None:
    code, lines = check()
    assert code == 0
    assert f"OK    database: {db_path} is created on first start" in lines
    assert not db_path.parent.exists()


def test_a_database_that_cannot_be_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a-file").write_text("")
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "a-file" / "bot.sqlite3"))
    code, lines = check()
    assert code == 1
    assert lines[2].startswith("FAIL  database: ")
    assert lines[2].endswith("a-file is a file")
    assert lines[-1] == "Not ready: fix the FAIL lines above."


def test_bad_configuration_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN")
    code, lines = check()
    assert code == 1
    assert lines == [
        "FAIL  configuration: TELEGRAM_BOT_TOKEN is required but not set",
        "Not ready: fix the FAIL lines above.",
    ]


def test_broken_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, content)
    tips = content / "tips.toml"
    tips.write_text(tips.read_text().replace('id = "stretch"', 'id = "drink-water"'))
    monkeypatch.setenv("CONTENT_DIR", str(content))
    code, lines = check()
    assert code == 1
    assert lines[1].startswith("FAIL  content: ")
    assert "drink-water" in lines[1]
    assert lines[2].startswith("OK    database")


def test_pending_migrations_are_reported_and_not_applied(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    old = Database(sqlite3.connect(db_path, isolation_level=None))
    second = MIGRATIONS.pending(old)[1].name
    MIGRATIONS.apply(old, stop_before=second)
    waiting = len(pending_migrations(old))
    old.conn.close()

    code, lines = check()
    assert code == 1
    assert lines[2] == (
        f"FAIL  database: {db_path} needs {waiting} migration(s) "
        f"({', '.join(m.name for m in MIGRATIONS.pending(Database(memory=True))[1:])}); "
        "the bot applies them when it starts"
    )
    still = Database(sqlite3.connect(db_path))
    assert len(pending_migrations(still)) == waiting
    assert "last_active_at" not in still["users"].columns_dict
    still.conn.close()


@pytest.fixture
def write_locked(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Another process in the middle of a long write transaction."""
    open_database(db_path).close()
    monkeypatch.setattr(readiness, "LOCK_WAIT_SECONDS", 0.1)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    yield
    holder.execute("ROLLBACK")
    holder.close()


@pytest.mark.usefixtures("write_locked")
def test_a_write_locked_database_is_not_ready(db_path: Path) -> None:
    code, lines = check()
    assert code == 1
    assert lines[2] == (
        f"FAIL  database: {db_path} is not writable: "
        "another process holds a write lock for over 0.1s"
    )


def test_a_file_that_is_not_sqlite(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_text("not a database " * 100)
    code, lines = check()
    assert code == 1
    assert lines[2].startswith(f"FAIL  database: {db_path} is not a usable SQLite database")


@pytest.mark.slow
async def test_no_network_without_online_and_get_me_with_it(
    server: FakeBotApi, tmp_path: Path, db_path: Path
) -> None:
    env = bot_environment(server.url, db_path)
    async with BotProcess(env, tmp_path, "check") as offline:
        assert await offline.wait() == 0
    assert server.requests == []
    assert "telegram" not in offline.output

    async with BotProcess(env, tmp_path, "check", "--online") as online:
        assert await online.wait() == 0
    assert "OK    telegram: token valid for @cramp_bot" in online.output
    assert [r.method for r in server.requests] == ["getMe"]


@pytest.mark.slow
async def test_online_check_fails_clearly_when_telegram_is_unreachable(
    tmp_path: Path, db_path: Path
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}"
    async with BotProcess(bot_environment(closed, db_path), tmp_path, "check", "--online") as bot:
        assert await bot.wait() == 1
    lines = bot.output.strip().splitlines()
    assert lines[-2].startswith(f"FAIL  telegram: getMe through {closed} failed: ")
    assert lines[-1] == "Not ready: fix the FAIL lines above."
    assert "Traceback" not in bot.output
    assert TOKEN not in bot.output


def alive() -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--alive"])
    return result.exit_code, result.output.strip()


@pytest.mark.slow
async def test_alive_reads_the_running_bots_heartbeat_and_takes_no_lock(
    server: FakeBotApi, tmp_path: Path, db_path: Path
) -> None:
    env = bot_environment(server.url, db_path)
    async with BotProcess(env, tmp_path) as bot:
        await server.wait_for(lambda r: r.method == "setMyCommands", within=20)
        lock_before = query_lock(db_path)
        async with BotProcess(env, tmp_path, "check", "--alive") as probe:
            assert await probe.wait(within=20) == 0
        assert probe.output.startswith(
            f"OK    alive: the bot runs on {db_path} (pid {bot.pid} on host {socket.gethostname()}"
        )
        assert query_lock(db_path) == lock_before, "the probe changed nothing"
        bot.signal(signal.SIGTERM)
        assert await bot.wait() == 0
    code, line = alive()
    assert code == 1
    assert line == f"FAIL  alive: no bot holds {db_path} (stopped, or still starting)"


def query_lock(db_path: Path) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(db_path)) as conn:
        return conn.execute("SELECT * FROM instance_lock").fetchall()


def test_alive_fails_for_a_bot_whose_heartbeat_stopped(db_path: Path) -> None:
    clock = FakeClock(datetime.now(UTC) - TTL - timedelta(seconds=5))
    db = open_database(db_path)
    InstanceLock(db, clock, hostname="elsewhere", pid=4242).acquire()
    db.close()
    code, line = alive()
    assert code == 1
    assert line.startswith(
        f"FAIL  alive: the bot that held {db_path} is gone "
        "(pid 4242 on host elsewhere, last heartbeat "
    )
    assert int(line.rsplit(" ", 2)[-2].removesuffix("s")) > TTL.total_seconds()
    clock.set(datetime.now(UTC))
    db = open_database(db_path)
    assert InstanceLock(db, clock, hostname="elsewhere", pid=4242).acquire()[0]
    db.close()
    code, line = alive()
    assert code == 0
    assert line.startswith("OK    alive: ")


def test_alive_without_a_database_creates_none(db_path: Path) -> None:
    code, line = alive()
    assert code == 1
    assert line == f"FAIL  alive: no database at {db_path}: the bot has not started"
    assert not db_path.parent.exists()
