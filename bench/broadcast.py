"""Issue 5: a broadcast to 10,000 subscribers under flood control, killed and restarted.

    python -m bench broadcast [--scale 0.05]

The bot runs exactly as operators run it, `python -m bot` in a process of its own,
against the fake Bot API server (`tests/fake_bot_api.py`), which here enforces
Telegram's 30 messages a second with 429 answers past that. The bench seeds the
database with subscribers (none has a daily tip due during the run), queues the
broadcast from the shell with `python -m bot broadcast`, starts the bot, and sends
it SIGKILL once `KILL_AT` of the messages have arrived. It starts the bot again and
waits for the broadcast to finish. The server counts what each chat received: a
subscriber with nothing is lost, a second copy is a duplicate.

The server runs in this process: the bench measures minutes of throughput, not
milliseconds of latency, and counting per chat needs the server's own records. The bot
runs as `python -m bench.probed_bot`, which is `python -m bot` with the stall probe on
its event loop; the worst stall of both lives of the bot is reported.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Coroutine
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from bench.probed_bot import ENVIRONMENT, read_stalls, stall_file
from bench.process import HarnessError
from bench.report import Outcome
from bench.stall import STALL_FIGURE, STALL_TARGET, Stalls
from bot.clock import to_db
from bot.core.database import open_database
from tests.fake_bot_api import FakeBotApi, TelegramFault

SUBSCRIBERS = 10_000
FIRST_USER_ID = 600_000_001
KILL_AT = 0.4
TELEGRAM_RATE = 30
PAID_RATE = 1000
STAR_BALANCE = 10**6
TEXT = "Benchmark broadcast: the clinic's opening hours change next week."
TOKEN = "123456789:BENCH-token-abcdefghijklmnopqrstuvwxyz"
ROOT = Path(__file__).resolve().parent.parent
POLL_SECONDS = 0.1
STOP_SECONDS = 15.0


T = TypeVar("T")


class BenchError(RuntimeError):
    """The bench could not run as planned (as opposed to a missed target)."""


class FloodControl:
    """Telegram's limits as a fault hook: past 30 sends in any second, answer 429; sends
    marked `allow_paid_broadcast` count apart, up to 1,000 a second."""

    def __init__(self, limit: int = TELEGRAM_RATE, window: float = 1.0) -> None:
        self.limits = {False: limit, True: PAID_RATE}
        self.window = window
        self.rejected = 0
        self._accepted: dict[bool, deque[float]] = {False: deque(), True: deque()}

    def __call__(self, method: str, params: dict[str, Any]) -> None:
        if method != "sendMessage":
            return
        paid = str(params.get("allow_paid_broadcast")).lower() == "true"
        accepted = self._accepted[paid]
        now = time.monotonic()
        while accepted and accepted[0] <= now - self.window:
            accepted.popleft()
        if len(accepted) >= self.limits[paid]:
            self.rejected += 1
            raise TelegramFault(429, "Too Many Requests: retry after 1", retry_after=1)
        accepted.append(now)


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
    stalls: Stalls


def _seed(database: Path, subscribers: int) -> None:
    """Subscribers without a daily tip due, so only the broadcast goes out."""
    due = datetime.now(UTC) + timedelta(hours=12)
    db = open_database(database)
    rows = (
        {
            "user_id": user_id,
            "chat_id": user_id,
            "first_seen": to_db(due - timedelta(days=30)),
            "subscribed": 1,
            "timezone": "UTC",
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


async def _queue_broadcast(env: dict[str, str], workdir: Path) -> None:
    shell = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "broadcast",
        TEXT,
        env=env,
        cwd=workdir,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, error = await shell.communicate()
    if shell.returncode != 0:
        raise BenchError(f"`python -m bot broadcast` failed: {error.decode().strip()}")


async def _start_bot(env: dict[str, str], workdir: Path, log: Path) -> asyncio.subprocess.Process:
    env = env | {ENVIRONMENT: str(stall_file(workdir / "stalls"))}
    with log.open("ab") as output:
        return await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.probed_bot",
            env=env,
            cwd=workdir,
            stdout=output,
            stderr=output,
        )


async def _stop_bot(bot: asyncio.subprocess.Process) -> None:
    if bot.returncode is not None:
        return
    bot.send_signal(signal.SIGINT)
    try:
        await asyncio.wait_for(bot.wait(), STOP_SECONDS)
    except TimeoutError:
        bot.kill()
        await bot.wait()


def _broadcast_row(database: Path) -> dict[str, Any]:
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)
    try:
        conn.row_factory = sqlite3.Row
        row = conn.execute("SELECT * FROM broadcasts ORDER BY id DESC LIMIT 1").fetchone()
        return dict(row) if row else {}
    finally:
        conn.close()


def _deliveries(api: FakeBotApi) -> list[float]:
    return [r.at for r in api.requests if r.method == "sendMessage" and not r.error]


async def _wait_for(
    api: FakeBotApi, bot: asyncio.subprocess.Process, count: int, within: float, log: Path
) -> float:
    """Wait until `count` messages have arrived; returns when the last of them did."""
    deadline = time.monotonic() + within
    while len(delivered := _deliveries(api)) < count:
        if bot.returncode is not None:
            raise BenchError(f"the bot exited ({bot.returncode}); see {log}")
        if time.monotonic() > deadline:
            raise BenchError(f"only {len(delivered)} of {count} messages within {within:.0f}s")
        await asyncio.sleep(POLL_SECONDS)
    return delivered[count - 1]


async def measure(subscribers: int, workdir: Path) -> Figures:
    database, log = workdir / "bot.sqlite3", workdir / "bot.log"
    _seed(database, subscribers)
    ideal = subscribers / TELEGRAM_RATE
    api = FakeBotApi()
    flood = FloodControl()
    api.fault_hooks.append(flood)
    env = _environment(await api.start(), database)
    bot: asyncio.subprocess.Process | None = None
    try:
        await _queue_broadcast(env, workdir)
        bot = await _start_bot(env, workdir, log)
        await _wait_for(api, bot, round(subscribers * KILL_AT), ideal + 60, log)
        bot.kill()  # SIGKILL: no shutdown code runs
        await bot.wait()
        killed_at = time.monotonic()
        before_kill = len(_deliveries(api))
        bot = await _start_bot(env, workdir, log)
        resumed_at = await _wait_for(api, bot, before_kill + 1, 120, log)
        deadline = time.monotonic() + ideal * 2 + 60
        while _broadcast_row(database).get("status") != "done":
            if time.monotonic() > deadline or bot.returncode is not None:
                raise BenchError(f"the broadcast did not finish; see {log}")
            await asyncio.sleep(POLL_SECONDS * 10)
    finally:
        if bot is not None:
            await _stop_bot(bot)
        api.release_polls()
        await api.stop()
    per_chat = Counter(r.chat_id for r in api.requests if r.method == "sendMessage" and not r.error)
    received = [per_chat[user_id] for user_id in range(FIRST_USER_ID, FIRST_USER_ID + subscribers)]
    sends = _deliveries(api)
    return Figures(
        subscribers=subscribers,
        delivered_before_kill=before_kill,
        total_seconds=sends[-1] - sends[0],
        ideal_seconds=ideal,
        restart_gap_seconds=resumed_at - killed_at,
        lost=sum(1 for count in received if count == 0),
        duplicated=sum(count - 1 for count in received if count > 1),
        interrupted=int(_broadcast_row(database).get("unknown") or 0),
        rate_limited=flood.rejected,
        stalls=read_stalls(workdir / "stalls"),
    )


@dataclass(frozen=True)
class PaidFigures:
    subscribers: int
    seconds: float
    rate_limited: int
    lost: int
    duplicated: int
    stalls: Stalls

    @property
    def rate(self) -> float:
        return self.subscribers / self.seconds if self.seconds else 0.0


async def measure_paid(subscribers: int, workdir: Path) -> PaidFigures:
    """The same broadcast as a paid one (PAID_BROADCASTS, Stars to spare), no kill: the
    rate it reaches against a server that allows 1,000 paid messages a second."""
    database, log = workdir / "bot.sqlite3", workdir / "bot.log"
    _seed(database, subscribers)
    api = FakeBotApi()
    api.star_balance = STAR_BALANCE
    flood = FloodControl()
    api.fault_hooks.append(flood)
    env = _environment(await api.start(), database) | {"PAID_BROADCASTS": "true"}
    bot: asyncio.subprocess.Process | None = None
    try:
        await _queue_broadcast(env, workdir)
        bot = await _start_bot(env, workdir, log)
        await _wait_for(api, bot, subscribers, subscribers / TELEGRAM_RATE + 60, log)
    finally:
        if bot is not None:
            await _stop_bot(bot)
        api.release_polls()
        await api.stop()
    sends = _deliveries(api)
    per_chat = Counter(r.chat_id for r in api.requests if r.method == "sendMessage" and not r.error)
    received = [per_chat[user_id] for user_id in range(FIRST_USER_ID, FIRST_USER_ID + subscribers)]
    return PaidFigures(
        subscribers=subscribers,
        seconds=sends[-1] - sends[0],
        rate_limited=flood.rejected,
        lost=sum(1 for count in received if count == 0),
        duplicated=sum(count - 1 for count in received if count > 1),
        stalls=read_stalls(workdir / "stalls"),
    )


def report(figures: Figures, paid: PaidFigures) -> tuple[str, bool]:
    passed = (
        figures.lost == 0
        and figures.duplicated == 0
        and figures.stalls.passed
        and paid.lost == paid.duplicated == 0
    )
    rows = [
        ("subscribers", f"{figures.subscribers:,}", ""),
        ("delivered before the kill -9", f"{figures.delivered_before_kill:,}", ""),
        ("total time, first to last message (s)", f"{figures.total_seconds:,.1f}", ""),
        (f"ideal at {TELEGRAM_RATE}/s (s)", f"{figures.ideal_seconds:,.1f}", ""),
        ("total / ideal", f"{figures.total_seconds / figures.ideal_seconds:.3f}", ""),
        ("  of which kill to first resumed message (s)", f"{figures.restart_gap_seconds:.1f}", ""),
        ("lost (subscribers who got nothing)", str(figures.lost), "target 0"),
        ("duplicated (extra copies)", str(figures.duplicated), "target 0"),
        ("interrupted mid-send (reported, not resent)", str(figures.interrupted), ""),
        ("429 answers from the server", str(figures.rate_limited), ""),
        (STALL_FIGURE, figures.stalls.cell(), f"target {STALL_TARGET}"),
        ("paid broadcast (PAID_BROADCASTS): subscribers", f"{paid.subscribers:,}", ""),
        ("  rate reached (messages/s)", f"{paid.rate:,.0f}", f"(Telegram allows {PAID_RATE:,})"),
        ("  lost / duplicated", f"{paid.lost} / {paid.duplicated}", "target 0 / 0"),
        ("  429 answers from the server", str(paid.rate_limited), ""),
        (f"  {STALL_FIGURE}", paid.stalls.cell(), ""),
    ]
    width = max(len(name) for name, _, _ in rows)
    value_width = max(len(value) for _, value, _ in rows)
    lines = [
        f"{name.ljust(width)}  {value:>{value_width}}  {target}".rstrip()
        for name, value, target in rows
    ]
    verdict = "PASS" if passed else "FAIL"
    title = "Broadcast with a kill -9 and a restart"
    return "\n".join([title, "-" * len(title), *lines, f"result: {verdict}"]), passed


async def run(scale: float) -> Outcome:
    subscribers = max(100, round(SUBSCRIBERS * scale))
    with tempfile.TemporaryDirectory(prefix="bench-broadcast-") as free_dir:
        figures = await _or_log(measure(subscribers, Path(free_dir)), Path(free_dir))
    with tempfile.TemporaryDirectory(prefix="bench-broadcast-paid-") as paid_dir:
        paid = await _or_log(measure_paid(subscribers, Path(paid_dir)), Path(paid_dir))
    text, passed = report(figures, paid)
    return Outcome(
        "broadcast", text, passed, asdict(figures) | {"paid": asdict(paid), "paid_rate": paid.rate}
    )


async def _or_log(measuring: Coroutine[Any, Any, T], workdir: Path) -> T:
    """The bench's figures, or a harness error with the tail of the bot's log."""
    try:
        return await measuring
    except BenchError as exc:
        log = workdir / "bot.log"
        tail = log.read_text()[-3000:] if log.exists() else ""
        raise HarnessError(f"{exc}\n{tail}") from exc
