"""Faults and kill -9 at random moments: a broadcast and a daily-tip run, exactly once?

    python -m bench faults [--scale 0.1]

For each of a broadcast and a daily-tip run to 2,000 subscribers: `python -m bot` (a
process of its own, paced as in production: 30 bulk messages a second) against the
fake Bot API server, which faults 10% of the sendMessage calls (429 with retry_after
1, 500, a connection dropped before acting, an answer 30 ms late; seeded). The bench
kills the bot with SIGKILL `KILLS` times, each at a random moment (a random message
count, then a random 0-50 ms more, so a kill lands wherever the workers happen to
be), then starts it once more and lets it finish. The server counts, per chat, the
sendMessage calls it acted on: 0 is a lost message, 2 or more a duplicate.

Unlike the tests' kills (`tests/test_kill9_e2e.py`), these are not placed where no
worker is between committing a claim and its request reaching Telegram: that window
has no cure without an idempotency key at Telegram, and a kill inside it costs that
one message (at most once). The "0 copies" figure measures how often it bites; 2+
copies would be a real bug. Pacing matters here: paced, a worker spends most of its
time waiting for a rate slot (before it claims), so few kills land in the window;
unpaced (BULK_MESSAGES_PER_SECOND=0, `PACE` below) the window is a large part of
each send and most kills cost a message.

The server runs in this process and counts per chat from its own records; waits
poll the server and the database. The bot runs as `python -m bench.probed_bot` (the bot
with the stall probe on its loop); the worst stall over all its lives is reported.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import signal
import sqlite3
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from bench.probed_bot import ENVIRONMENT, read_stalls, stall_file
from bench.process import HarnessError
from bench.report import Outcome, row, table
from bench.stall import STALL_FIGURE, STALL_TARGET, Stalls
from bot.admin.broadcast_store import BroadcastStore
from bot.core.database import open_database
from bot.daily.store import DeliveryStore
from tests.bot_process import BotProcess, bot_environment
from tests.fake_bot_api import FakeBotApi, FaultPlan
from tests.fault_support import integrity, midday_zone, seed_subscribers

SUBSCRIBERS = 2_000
FAULT_RATE = 0.1
KILLS = 5
SEED = 7
ADMIN_ID = 42
TEXT = "Benchmark broadcast under faults."
START_SECONDS = 30.0
SLOWEST_RATE = 2.0
"""Messages a second, at the least, under these faults (each 429 pauses all sending)."""
FINISH_SECONDS = 900.0
POLL_SECONDS = 0.05
JITTER_SECONDS = 0.05
PACE = "30"
"""BULK_MESSAGES_PER_SECOND for the bot: production's pace."""


class BenchError(RuntimeError):
    """The bench could not run as planned (as opposed to a missed target)."""


@dataclass(frozen=True)
class Figures:
    run: str
    subscribers: int
    kills: int
    faults: dict[str, int]
    zero: int
    one: int
    more: int
    unconfirmed: int
    integrity: str
    seconds: float
    stalls: Stalls


def _scalar(database: Path, sql: str, *params: object) -> int:
    with contextlib.closing(sqlite3.connect(database, timeout=10)) as conn:
        return int(conn.execute(sql, params).fetchone()[0] or 0)


async def _until(condition: Callable[[], bool], within: float, what: str) -> None:
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise BenchError(f"{what} not within {within:.0f}s")
        await asyncio.sleep(POLL_SECONDS)


def _done(database: Path, daily: bool) -> bool:
    with contextlib.closing(sqlite3.connect(database, timeout=10)) as conn:
        db = Database(conn)
        if daily:
            return DeliveryStore(db).count_due(datetime.now(UTC)) == 0
        return BroadcastStore(db).next_to_run() is None


def _seed(database: Path, subscribers: int, daily: bool) -> list[int]:
    now = datetime.now(UTC)
    db = open_database(database)
    try:
        if daily:
            return seed_subscribers(db, subscribers, now - timedelta(minutes=1), midday_zone(now))
        ids = seed_subscribers(db, subscribers, now + timedelta(days=300))
        BroadcastStore(db).queue(TEXT, "bench", now)
        return ids
    finally:
        db.close()


def _probed(env: dict[str, str], workdir: Path) -> BotProcess:
    """`python -m bot` with the stall probe, its figures in a file of its own."""
    env = env | {ENVIRONMENT: str(stall_file(workdir / "stalls"))}
    return BotProcess(env, workdir, module="bench.probed_bot")


async def measure(workdir: Path, subscribers: int, daily: bool, rng: random.Random) -> Figures:
    database = workdir / "data" / "bot.sqlite3"
    ids = _seed(database, subscribers, daily)
    api = FakeBotApi()
    plan = FaultPlan(rate=FAULT_RATE, seed=rng.randrange(2**32))
    api.fault_plan = plan
    env = bot_environment(await api.start(), database, BULK_MESSAGES_PER_SECOND=PACE)
    started = time.monotonic()
    kills = 0
    process: BotProcess | None = None
    try:
        for left in range(KILLS, 0, -1):
            if _done(database, daily):
                break
            sent = api.acted.total()
            ahead = rng.randint(1, max(1, (subscribers - sent) // (left + 1)))
            async with _probed(env, workdir) as process:
                await _until(
                    lambda t=sent + ahead: api.acted.total() >= t,
                    START_SECONDS + ahead / SLOWEST_RATE,
                    "the kill point",
                )
                await asyncio.sleep(rng.uniform(0, JITTER_SECONDS))
                await process.kill()
                kills += 1
        async with _probed(env, workdir) as process:
            await _until(lambda: _done(database, daily), FINISH_SECONDS, "the finish")
            process.signal(signal.SIGTERM)
            await process.wait()
    except BenchError as exc:
        tail = process.output[-3000:] if process is not None else ""
        raise HarnessError(f"{exc}\n{tail}") from exc
    finally:
        api.release_polls()
        await api.stop()
    seconds = time.monotonic() - started
    copies = Counter(min(api.acted[uid], 2) for uid in ids)
    unconfirmed = (
        "SELECT count(*) FROM deliveries WHERE status = 'sending' OR "
        "(status = 'sent' AND message_id IS NULL)"
        if daily
        else "SELECT count(*) FROM broadcast_recipients WHERE status = 'unknown'"
    )
    return Figures(
        run="daily tips" if daily else "broadcast",
        subscribers=subscribers,
        kills=kills,
        faults={str(kind): n for kind, n in sorted(plan.injected.items())},
        zero=copies[0],
        one=copies[1],
        more=copies[2],
        unconfirmed=_scalar(database, unconfirmed),
        integrity=integrity(database),
        seconds=seconds,
        stalls=read_stalls(workdir / "stalls"),
    )


def report(results: list[Figures]) -> tuple[str, bool]:
    rows: list[list[str]] = []
    passed = True
    for f in results:
        exact = f.zero == 0 and f.more == 0
        passed = passed and exact and f.integrity == "ok" and f.stalls.passed
        faults = ", ".join(f"{kind} {n}" for kind, n in f.faults.items())
        rows += [
            row(f"{f.run}: subscribers, kill -9s", f"{f.subscribers:,}, {f.kills}"),
            row("  faults injected", faults),
            row("  users with 0 copies (lost)", str(f.zero), target="0", passed=f.zero == 0),
            row("  users with exactly 1 copy", f"{f.one:,}", target=f"{f.subscribers:,}"),
            row("  users with 2+ copies", str(f.more), target="0", passed=f.more == 0),
            row("  unconfirmed (caught at a kill, not resent)", str(f.unconfirmed)),
            row("  PRAGMA integrity_check", f.integrity, target="ok", passed=f.integrity == "ok"),
            row("  time, first start to finish (s)", f"{f.seconds:.1f}"),
            row(
                f"  {STALL_FIGURE}",
                f.stalls.cell(),
                target=STALL_TARGET,
                passed=f.stalls.passed,
            ),
        ]
    pace = f"paced at {PACE}/s" if PACE != "0" else "unpaced"
    title = f"{FAULT_RATE:.0%} faults and {KILLS} kill -9s at random moments, {pace}"
    return table(title, ["figure", "value", "target", ""], rows), passed


async def run(scale: float) -> Outcome:
    # A kill mid-request is the point; aiohttp's traceback for each one is noise.
    logging.getLogger("aiohttp.server").setLevel(logging.CRITICAL)
    subscribers = max(100, round(SUBSCRIBERS * scale))
    rng = random.Random(SEED)
    results = []
    for daily in (False, True):
        with tempfile.TemporaryDirectory(prefix="bench-faults-") as workdir:
            results.append(await measure(Path(workdir), subscribers, daily, rng))
    text, passed = report(results)
    return Outcome("faults", text, passed, {f.run: asdict(f) for f in results})
