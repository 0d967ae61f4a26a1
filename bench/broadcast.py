"""Issue 5: a broadcast to 10,000 subscribers under flood control, killed and restarted.

The bot runs exactly as operators run it, `python -m bot` in a process of its own,
against the fake server process enforcing Telegram's 30 messages a second (429s
past that). The bench seeds the database with subscribers (none of whom has a daily
tip due during the run), queues the broadcast from the shell with `python -m bot
broadcast`, starts the bot, and sends it SIGKILL once the server has delivered
`KILL_AT` of the messages. It then starts the bot again and waits for the broadcast
to finish. The server counts deliveries per chat: a subscriber with none is lost, a
second copy is a duplicate.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.bot_process import TOKEN
from bench.harness import ServerProcess
from bench.options import RateLimit, ServerOptions
from bench.process import HarnessError
from bench.report import Outcome, number, table, verdict
from bot.clock import to_db
from bot.storage.database import open_database

SUBSCRIBERS = 10_000
FIRST_USER_ID = 600_000_001
KILL_AT = 0.4
TELEGRAM_RATE = 30.0
TEXT = "📣 Benchmark broadcast: the clinic's opening hours change next week."
ROOT = Path(__file__).resolve().parent.parent
POLL_SECONDS = 0.2
STOP_SECONDS = 15.0


@dataclass(frozen=True)
class Figures:
    subscribers: int
    delivered_before_kill: int
    total_seconds: float
    ideal_seconds: float
    restart_gap_seconds: float
    lost: int
    duplicated: int
    interrupted: int
    rate_limited: int


def _seed(database: Path, subscribers: int) -> None:
    """Subscribers whose daily tip is twelve hours away, so only the broadcast goes out."""
    due = datetime.now(UTC) + timedelta(hours=12)
    db = open_database(database)
    rows = (
        {
            "user_id": user_id,
            "chat_id": user_id,
            "first_seen": to_db(due - timedelta(days=30)),
            "subscribed": 1,
            "timezone": "UTC",
            "tip_time": due.strftime("%H:%M"),
            "next_tip_at": to_db(due),
            "blocked_at": None,
        }
        for user_id in range(FIRST_USER_ID, FIRST_USER_ID + subscribers)
    )
    with db.atomic():
        db["users"].insert_all(rows, batch_size=1000)
    db.close()


def _environment(url: str, database: Path) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": url,
        "DATABASE_PATH": str(database),
        "LOG_LEVEL": "INFO",
    }


def _queue_broadcast(env: dict[str, str], workdir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "broadcast", TEXT],
        env=env,
        cwd=workdir,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise HarnessError(f"`python -m bot broadcast` failed: {result.stderr.strip()}")


def _start_bot(env: dict[str, str], workdir: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as output:
        return subprocess.Popen(
            [sys.executable, "-m", "bot"],
            env=env,
            cwd=workdir,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def _stop_bot(bot: subprocess.Popen[bytes]) -> None:
    bot.send_signal(signal.SIGINT)
    try:
        bot.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        bot.kill()
        bot.wait()


def _broadcast_row(database: Path) -> dict[str, object]:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10) as conn:
        conn.row_factory = sqlite3.Row
        row = conn.execute("SELECT * FROM broadcasts ORDER BY id DESC LIMIT 1").fetchone()
    return dict(row) if row else {}


async def _delivered(server: ServerProcess) -> int:
    stats = await server.stats()
    return int(stats["methods"].get("sendMessage", {}).get("ok", 0))


async def _wait_until(
    server: ServerProcess, bot: subprocess.Popen[bytes], count: int, within: float, log: Path
) -> float:
    """Wait until the server has delivered `count` messages; returns when that happened."""
    deadline = time.monotonic() + within
    while (delivered := await _delivered(server)) < count:
        if bot.poll() is not None:
            raise HarnessError(f"the bot exited ({bot.returncode}); see {log}")
        if time.monotonic() > deadline:
            raise HarnessError(f"only {delivered} of {count} messages within {within:.0f}s")
        await asyncio.sleep(POLL_SECONDS)
    return time.monotonic()


async def measure(subscribers: int, workdir: Path) -> Figures:
    database, log = workdir / "bot.sqlite3", workdir / "bot.log"
    _seed(database, subscribers)
    ideal = subscribers / TELEGRAM_RATE
    async with ServerProcess(
        ServerOptions(rate_limit=RateLimit(), max_lifetime=ideal * 3 + 300)
    ) as server:
        env = _environment(server.url, database)
        _queue_broadcast(env, workdir)
        bot = _start_bot(env, workdir, log)
        try:
            await _wait_until(server, bot, round(subscribers * KILL_AT), ideal + 60, log)
            os.kill(bot.pid, signal.SIGKILL)
            bot.wait()
            killed_at = time.monotonic()
            before_kill = await _delivered(server)
            bot = _start_bot(env, workdir, log)
            resumed_at = await _wait_until(server, bot, before_kill + 1, 120, log)
            deadline = time.monotonic() + ideal * 2 + 60
            while _broadcast_row(database).get("status") != "done":
                if time.monotonic() > deadline or bot.poll() is not None:
                    raise HarnessError(f"the broadcast did not finish; see {log}")
                await asyncio.sleep(POLL_SECONDS * 5)
        finally:
            _stop_bot(bot)
        stats = await server.stats()
        per_chat = await server.sent_per_chat()
    sends = stats["methods"]["sendMessage"]
    counts = [
        per_chat.get(str(user_id), 0)
        for user_id in range(FIRST_USER_ID, FIRST_USER_ID + subscribers)
    ]
    row = _broadcast_row(database)
    return Figures(
        subscribers=subscribers,
        delivered_before_kill=before_kill,
        total_seconds=sends["last_ok"] - sends["first_ok"],
        ideal_seconds=ideal,
        restart_gap_seconds=resumed_at - killed_at,
        lost=sum(1 for count in counts if count == 0),
        duplicated=sum(count - 1 for count in counts if count > 1),
        interrupted=int(row.get("unknown") or 0),
        rate_limited=int(stats["rate_limited"]),
    )


async def run(scale: float) -> Outcome:
    subscribers = max(100, round(SUBSCRIBERS * scale))
    with tempfile.TemporaryDirectory(prefix="bench-broadcast-") as workdir:
        figures = await measure(subscribers, Path(workdir))
    lost_ok, duplicated_ok = figures.lost == 0, figures.duplicated == 0
    title = (
        f"Broadcast: {figures.subscribers} subscribers at Telegram's {TELEGRAM_RATE:.0f} msg/s, "
        f"bot killed (SIGKILL) after {figures.delivered_before_kill} and restarted"
    )
    rows = [
        [
            "total time, first to last message (s)",
            number(figures.total_seconds),
            f"ideal {number(figures.ideal_seconds)}",
            "",
        ],
        ["total / ideal", number(figures.total_seconds / figures.ideal_seconds, 3), "", ""],
        [
            "restart gap: kill to first resumed message (s)",
            number(figures.restart_gap_seconds),
            "",
            "",
        ],
        ["subscribers who got nothing (lost)", str(figures.lost), "0", verdict(lost_ok)],
        ["extra copies (duplicated)", str(figures.duplicated), "0", verdict(duplicated_ok)],
        ["interrupted mid-send (reported, not resent)", str(figures.interrupted), "", ""],
        ["429 answers from the server", str(figures.rate_limited), "", ""],
    ]
    return Outcome(
        name="broadcast",
        table=table(title, ["figure", "value", "target", "result"], rows),
        passed=lost_ok and duplicated_ok,
        figures=asdict(figures),
    )
