"""The database file as an operator handles it (issue 11, items 2, 3, 5, 14 and 15).

A real `python -m bot` child: its exit status and console lines are what an operator
or a supervisor sees.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.__main__ import cli
from bot.core.database import open_database
from tests.bot_process import BotProcess, bot_environment
from tests.fake_bot_api import FakeBotApi
from tests.support import TOKEN

FROM_THE_FUTURE = "m999_from_a_newer_version"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def newer_database(path: Path) -> None:
    """A database a newer version of the bot has upgraded."""
    open_database(path).close()
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('leg_cramp_companion', ?, '2027-01-01')",
            [FROM_THE_FUTURE],
        )


@pytest.mark.slow
@pytest.mark.parametrize("swap", ["replaced", "deleted"])
async def test_a_database_swapped_under_the_running_bot_stops_it(
    server: FakeBotApi, tmp_path: Path, swap: str
) -> None:
    db_path = tmp_path / "data" / "bot.sqlite3"
    env = bot_environment(server.url, db_path, HEARTBEAT_SECONDS="1")
    async with BotProcess(env, tmp_path) as process:
        await process.serving()
        if swap == "replaced":
            stranger = tmp_path / "other.sqlite3"
            open_database(stranger).close()
            os.replace(stranger, db_path)
        else:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(f"{db_path}{suffix}")
        code = await process.wait()
    assert code == 1
    lines = [line for line in process.output.splitlines() if "no longer names" in line]
    assert len(lines) == 1 and f"DATABASE_PATH={db_path}" in lines[0]
    assert "Traceback" not in process.output


@pytest.mark.slow
async def test_a_database_from_a_newer_version_is_refused_at_start(
    server: FakeBotApi, tmp_path: Path
) -> None:
    db_path = tmp_path / "data" / "bot.sqlite3"
    newer_database(db_path)
    async with BotProcess(bot_environment(server.url, db_path), tmp_path) as process:
        code = await process.wait()
    assert code == 2
    [line] = [line for line in process.output.splitlines() if line.strip()]
    assert line.startswith(f"Database error: DATABASE_PATH={db_path}")
    assert FROM_THE_FUTURE in line


@pytest.mark.slow
async def test_a_database_path_that_cannot_be_opened_is_named_at_start(
    server: FakeBotApi, tmp_path: Path
) -> None:
    env = bot_environment(server.url, Path("/proc/bot.sqlite3"))
    async with BotProcess(env, tmp_path) as process:
        code = await process.wait()
    assert code == 2
    [line] = [line for line in process.output.splitlines() if line.strip()]
    assert line.startswith("Database error: cannot open DATABASE_PATH=/proc/bot.sqlite3")


@pytest.fixture
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    db_path = tmp_path / "data" / "bot.sqlite3"
    monkeypatch.setenv("DATABASE_PATH", str(db_path))
    return db_path


def run(*args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output.strip().splitlines()


def test_check_refuses_a_database_from_a_newer_version(environment: Path) -> None:
    newer_database(environment)
    code, lines = run("check")
    assert code == 1
    assert lines[2].startswith(f"FAIL  database: {environment} was upgraded by a newer version")
    assert FROM_THE_FUTURE in lines[2]


def test_check_fails_where_the_start_fails(
    environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_PATH", "/proc/bot.sqlite3")
    code, lines = run("check")
    assert code == 1
    assert lines[2].startswith("FAIL  database: /proc/bot.sqlite3 cannot be created")


def test_check_tries_the_migrations_and_changes_nothing(environment: Path) -> None:
    code, _ = run("check")
    assert code == 0
    assert not environment.parent.exists()  # the trial database and its folder are gone

    open_database(environment).close()
    before = environment.read_bytes()
    code, _ = run("check")
    assert code == 0 and environment.read_bytes() == before


def test_the_database_is_private_whatever_the_umask(environment: Path) -> None:
    previous = os.umask(0)
    try:
        db = open_database(environment)
        db.execute("INSERT INTO admin_tips (text, author, created_at) VALUES ('t', 'a', 'n')")
        assert mode(environment.parent) == 0o700
        for suffix in ("", "-wal", "-shm"):
            assert mode(Path(f"{environment}{suffix}")) == 0o600, suffix
        db.close()
    finally:
        os.umask(previous)


def test_a_laxer_older_database_is_made_private(environment: Path) -> None:
    open_database(environment).close()
    environment.chmod(0o644)
    open_database(environment).close()
    assert mode(environment) == 0o600


@pytest.mark.parametrize("command", [("tips", "list"), ("stats",)])
def test_read_only_shell_commands_need_no_token_and_no_new_database(
    environment: Path, monkeypatch: pytest.MonkeyPatch, command: tuple[str, ...]
) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN")
    code, lines = run(*command)
    assert code == 2
    assert lines == [f"Database error: there is no database at DATABASE_PATH={environment}"]
    assert not environment.parent.exists()

    open_database(environment).close()
    code, lines = run(*command)
    assert code == 0, lines
    assert lines


def test_a_shell_command_names_a_missing_database_option(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.sqlite3"
    code, lines = run("stats", "--database", str(missing))
    assert code == 2
    assert lines == [f"Database error: there is no database at {missing}"]
    assert not missing.exists()
