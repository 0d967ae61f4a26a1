"""The operators' shell commands, on the same database file as a running bot."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.__main__ import cli
from bot.admin.stats import collect_stats, render_stats
from bot.clock import SystemClock
from bot.core import texts
from bot.core.database import open_database
from tests.admin_support import crowd, received, run_pick_up_job, subscribe
from tests.bot_process import HANG_GUARD
from tests.support import TOKEN, Driver

ROOT = Path(__file__).resolve().parent.parent


def shell(db_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [*args, "--database", str(db_path)])
    return result.exit_code, result.output


async def test_shell_broadcast_is_picked_up_by_the_running_bot(
    bot: Driver, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    users = crowd(3)
    await subscribe(bot, users)
    code, output = shell(db_path, "broadcast", "Maintenance <tonight> at 22:00")
    assert code == 0
    assert output.startswith("Queued broadcast #1 for 3 subscribers")
    assert bot.db["broadcasts"].get(1)["status"] == "queued"

    with caplog.at_level(logging.INFO, logger="bot.admin.broadcasting"):
        await run_pick_up_job(bot.app)
    assert [received(bot, user, "Maintenance &lt;tonight&gt; at 22:00") for user in users] == [
        1,
        1,
        1,
    ]
    assert "broadcast #1: finished; recipients 3, sent 3, blocked 0, failed 0" in caplog.text
    await run_pick_up_job(bot.app)  # nothing left to do: nobody gets it twice
    assert [len(bot.server.sent_to(user.id)) for user in users] == [2, 2, 2]  # welcome + it


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the broadcast text is empty; it can have 1 to 4096 characters"),
        ("   ", "the broadcast text is empty; it can have 1 to 4096 characters"),
        ("z" * 4097, "That message has 4097 characters; the limit is 4096"),
    ],
)
def test_shell_broadcast_refuses_bad_text(tmp_path: Path, text: str, message: str) -> None:
    code, output = shell(tmp_path / "bot.sqlite3", "broadcast", text)
    assert code == 2
    assert message in output
    assert len(output.strip().splitlines()) == 1


def test_shell_broadcast_needs_subscribers(tmp_path: Path) -> None:
    code, output = shell(tmp_path / "bot.sqlite3", "broadcast", "Hello?")
    assert code == 2
    assert "no subscribers" in output
    assert open_database(tmp_path / "bot.sqlite3")["broadcasts"].count == 0


def test_shell_tips_add_list_remove(tmp_path: Path) -> None:
    db_path = tmp_path / "bot.sqlite3"
    open_database(db_path).close()
    assert shell(db_path, "tips", "list") == (
        0,
        'No team tips yet. Add one with: python -m bot tips add "text"\n',
    )
    code, output = shell(db_path, "tips", "add", "Warm up before running.")
    assert (code, output) == (0, "Added team tip #1 (team-1) to the daily rotation.\n")
    code, output = shell(db_path, "tips", "list")
    assert code == 0 and "#1  " in output and "Warm up before running." in output
    assert "shell:" in output
    assert shell(db_path, "tips", "add", "")[0] == 2
    assert "limit is 1000" in shell(db_path, "tips", "add", "w" * 1001)[1]
    assert shell(db_path, "tips", "remove", "team-1")[0] == 0
    assert shell(db_path, "tips", "remove", "1") == (
        2,
        "Error: there is no team tip #1 in the rotation; `tips list` shows them.\n",
    )
    assert shell(db_path, "tips", "remove", "first")[0] == 2
    assert "No team tips yet" in shell(db_path, "tips", "list")[1]


async def test_shell_stats_prints_the_admin_figures(bot: Driver, db_path: Path) -> None:
    await subscribe(bot, crowd(2))
    code, output = shell(db_path, "stats")
    assert code == 0
    assert "Subscribers: 2\n" in output
    assert output == texts.plain(render_stats(collect_stats(bot.db, SystemClock().now()))) + "\n"


DATABASE_HELP = "--database FILE The SQLite file; by default DATABASE_PATH from the configuration."


@pytest.mark.parametrize(
    ("command", "ours"),
    [
        (
            ["broadcast"],
            [
                "Usage: root broadcast [OPTIONS] TEXT",
                "Queue a broadcast to every subscriber; the bot sends it.",
                "TEXT The message, as plain text.",
                DATABASE_HELP,
            ],
        ),
        (
            ["tips"],
            [
                "Team tips in the daily rotation.",
                "add Add a team tip to the daily rotation.",
                "list List the team tips in the rotation.",
                "remove Take a team tip out of the rotation.",
            ],
        ),
        (
            ["tips", "add"],
            [
                "Usage: root tips add [OPTIONS] TEXT",
                "Add a team tip to the daily rotation.",
                "TEXT The tip, as plain text.",
                DATABASE_HELP,
            ],
        ),
        (["tips", "list"], ["List the team tips in the rotation.", DATABASE_HELP]),
        (
            ["tips", "remove"],
            [
                "Usage: root tips remove [OPTIONS] NUMBER",
                "Take a team tip out of the rotation.",
                "NUMBER The tip's number, like 3 or team-3.",
                DATABASE_HELP,
            ],
        ),
        (["stats"], ["Print the figures the /admin command shows.", DATABASE_HELP]),
    ],
)
def test_shell_commands_have_help(command: list[str], ours: list[str]) -> None:
    """Our own words for each command and its arguments, however the help is wrapped."""
    result = CliRunner().invoke(cli, [*command, "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    shown = " ".join(result.output.replace("│", " ").split())
    for text in ours:
        assert text in shown, f"{text!r} not in {shown!r}"


@pytest.mark.slow
def test_shell_commands_read_the_configuration(tmp_path: Path) -> None:
    def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", *args],
            env={"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT), **env},
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
            timeout=HANG_GUARD,
        )

    configured = tmp_path / "configured.sqlite3"
    added = run(
        "tips", "add", "Configured", TELEGRAM_BOT_TOKEN=TOKEN, DATABASE_PATH=str(configured)
    )
    assert added.returncode == 0, added.stderr
    assert open_database(configured)["admin_tips"].count == 1
    refused = run("stats")
    assert refused.returncode == 2
    assert (
        refused.stderr == "Database error: there is no database at DATABASE_PATH=data/bot.sqlite3\n"
    )
