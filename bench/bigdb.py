"""A million subscribers: does anything hold the event loop? (issue 18)

    python -m bench bigdb [--scale 0.1]

A database is seeded in a temporary folder with 10^6 subscribers (a few blocked, the
daily tip spread over the day, last active over the past two months), delivery records
for a tenth of them a week ago and for another tenth an hour ago, and one user with 10^4
diary entries over two years. The real Application then runs in this process against
the fake Bot API, on the system clock and at the production pace (30 bulk messages a
second), as `python -m bot` runs it (`prepare_to_serve` included), and each operation
below runs on its own under the loop-stall probe (`bench/stall.py`):

- `/admin` on the idle bot, and again while a broadcast sends;
- a broadcast start: the preview, the confirmation and the listing of every recipient
  (its answer time: until the list is complete);
- broadcast progress: 10 s of sending, with its status message edited every 3 s;
- `/export`, `/stats`, `/history` and `/report` (90 days) for the diary user;
- a daily run: the tips due this minute (a 1,440th of the subscribers);
- the daily pruning of bookkeeping (`bot.core.retention`): the week-old delivery records.

Targets: no wake-up of the probe more than 20 ms late during any of them, and `/admin`
answered within 100 ms. `--scale` scales the subscribers and diary entries.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.report import Outcome, number, row, table
from bench.stall import StallProbe
from bot.app import prepare_to_serve
from bot.clock import to_db
from bot.config import load_config
from bot.core import retention
from bot.core.database import open_database
from bot.daily.job import JOB as DAILY_JOB
from tests.fake_bot_api import FakeBotApi, FakeUser, Recorded
from tests.support import TOKEN, Driver, running_bot

SUBSCRIBERS = 1_000_000
ENTRIES = 10_000
FIRST_USER = 10_000_000
ADMIN = FakeUser(42, "Ada")
DIARIST = FakeUser(7, "Dee")
STALL_TARGET_MS = 20.0
ADMIN_TARGET_MS = 100.0
PROGRESS_SECONDS = 10.0
SETTLE_SECONDS = 0.05
"""Probe time before and after each operation, so its first and last steps are seen."""
WITHIN = 300.0
"""How long an answer may take before the bench gives up (a full-scale run is slow)."""
MESSAGE = frozenset({"sendMessage"})


@dataclass(frozen=True, slots=True)
class Measured:
    name: str
    stall_ms: float
    answer_ms: float | None = None


class SystemTime:
    """The real clock, and real waits: the bench runs as production does."""

    def now(self) -> datetime:
        return datetime.now(UTC)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


def _seed(path: Path, subscribers: int, entries: int, now: datetime) -> None:
    """Straight into SQLite, in a few statements: the schema is the bot's own."""
    db = open_database(path)
    now_db = to_db(now)
    with db.atomic():
        db.execute(
            """
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
            INSERT INTO users (user_id, chat_id, first_seen, subscribed, timezone,
                blocked_at, last_active_at)
            SELECT ? + i, ? + i, '2025-01-01T00:00:00Z', i % 50 != 0, 'UTC',
                CASE WHEN i % 50 = 0 THEN ? END,
                strftime('%Y-%m-%dT%H:%M:%SZ', ?, '-' || (i % 60) || ' days')
            FROM n
            """,
            [subscribers, FIRST_USER, FIRST_USER, now_db, now_db],
        )
        db.execute(
            """
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
            INSERT INTO schedules (user_id, kind, enabled, local_time, next_due_at)
            SELECT ? + i, 'tip', i % 50 != 0,
                strftime('%H:%M', ?, '+' || (i % 1440) || ' minutes'),
                CASE WHEN i % 50 = 0 THEN NULL
                    ELSE strftime('%Y-%m-%dT%H:%M:%SZ', ?, '+' || (i % 1440) || ' minutes') END
            FROM n
            """,
            [subscribers, FIRST_USER, now_db, now_db],
        )
        for moment, offset in ((now - timedelta(days=8), 0), (now - timedelta(hours=1), 1)):
            db.execute(
                """
                WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
                INSERT INTO deliveries (user_id, local_date, tip_id, status, claimed_at,
                    sent_at, message_id, scheduled_at, timezone)
                SELECT ? + i * 10 + ?, ?, 'stretch', 'sent', ?, ?, 1, ?, 'UTC' FROM n
                """,
                [
                    subscribers // 10,
                    FIRST_USER,
                    offset,
                    moment.date().isoformat(),
                    to_db(moment),
                    to_db(moment),
                    to_db(moment),
                ],
            )
        db.execute(
            "INSERT INTO users (user_id, chat_id, first_seen, subscribed, timezone) "
            "VALUES (?, ?, '2024-01-01T00:00:00Z', 0, 'Europe/London')",
            [DIARIST.id, DIARIST.id],
        )
        step = int(timedelta(days=730).total_seconds()) // entries
        db.execute(
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?),
            t(i, at) AS (SELECT i, strftime('%Y-%m-%dT%H:%M:%SZ', ?, '-' || (i * ?) || ' seconds')
                FROM n)
            INSERT INTO cramp_entries (user_id, logged_at, happened_at, local_date, when_kind,
                muscle, side, severity, woke)
            SELECT ?, at, at, substr(at, 1, 10), 'now',
                CASE i % 4 WHEN 0 THEN 'calf' WHEN 1 THEN 'foot' WHEN 2 THEN 'thigh'
                    ELSE 'other' END,
                CASE i % 3 WHEN 0 THEN 'left' WHEN 1 THEN 'right' ELSE 'both' END,
                1 + i % 3, i % 2
            FROM t
            """,
            [entries, now_db, step, DIARIST.id],
        )
        db.execute(
            """
            INSERT INTO entry_triggers (entry_id, trigger)
            SELECT id, CASE id % 5 WHEN 0 THEN 'exercise' ELSE 'sitting' END
            FROM cramp_entries WHERE user_id = ? AND id % 5 IN (0, 1)
            """,
            [DIARIST.id],
        )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("ANALYZE")
    db.close()


async def _measure(name: str, work: Callable[[], Awaitable[float | None]]) -> Measured:
    """`work` returns its answer time in ms, or None when it has none."""
    async with StallProbe() as probe:
        await asyncio.sleep(SETTLE_SECONDS)
        answer_ms = await work()
        await asyncio.sleep(SETTLE_SECONDS)
    return Measured(name, probe.max_ms, answer_ms)


class Session:
    """The running bot and the operations measured on it."""

    def __init__(self, bot: Driver) -> None:
        self.bot = bot
        self.server = bot.server

    async def reply(
        self, user: FakeUser, text: str, methods: frozenset[str] = MESSAGE
    ) -> tuple[float, Recorded]:
        since = len(self.server.requests)
        started = time.perf_counter()
        self.server.inject_message(user, text)
        answer = await self.server.wait_for(
            lambda r: r.method in methods and r.chat_id == user.id and not r.error,
            since=since,
            within=WITHIN,
        )
        return (time.perf_counter() - started) * 1000, answer

    def command(
        self, user: FakeUser, text: str, methods: frozenset[str] = MESSAGE
    ) -> Callable[[], Awaitable[float]]:
        async def send() -> float:
            return (await self.reply(user, text, methods))[0]

        return send

    async def start_broadcast(self) -> float:
        """From /broadcast to a complete recipient list: its time in ms."""
        started = time.perf_counter()
        _, preview = await self.reply(ADMIN, "/broadcast Hello from the bench")
        await self.bot.press(ADMIN, preview.button("Send to")["callback_data"], preview)
        store = self.bot.app.bot_data.broadcasts
        await self.server.wait_until(
            lambda: (found := store.get(1)) is not None and found.listed, within=WITHIN
        )
        return (time.perf_counter() - started) * 1000

    async def broadcasting(self) -> None:
        await asyncio.sleep(PROGRESS_SECONDS)

    async def report(self) -> float:
        _, offer = await self.reply(DIARIST, "/report")
        since = len(self.server.requests)
        started = time.perf_counter()
        await self.bot.press(DIARIST, offer.button("Last 90 days")["callback_data"], offer)
        await self.server.wait_for(
            lambda r: r.method == "sendDocument" and r.chat_id == DIARIST.id,
            since=since,
            within=WITHIN,
        )
        return (time.perf_counter() - started) * 1000

    async def daily_run(self) -> None:
        jobs = self.bot.app.job_queue
        if jobs is None:
            raise RuntimeError("no job queue")
        (job,) = jobs.get_jobs_by_name(DAILY_JOB.name)
        await job.run(self.bot.app)

    async def prune(self) -> None:
        data = self.bot.app.bot_data
        await retention.prune(data.db, data.clock.now(), data.checkpoints.room)

    async def measure_all(self) -> list[Measured]:
        admin = self.command(ADMIN, "/admin")
        measured = [await _measure("/admin (idle)", admin)]
        measured.append(await _measure("broadcast start (to listed)", self.start_broadcast))
        measured.append(await _measure("broadcast progress (10 s)", _none(self.broadcasting)))
        measured.append(await _measure("/admin (while broadcasting)", admin))
        await self.bot.app.bot_data.broadcaster.stop(5.0)
        measured.append(
            await _measure("/export", self.command(DIARIST, "/export", frozenset({"sendDocument"})))
        )
        measured.append(
            await _measure(
                "/stats", self.command(DIARIST, "/stats", frozenset({"sendPhoto", "sendMessage"}))
            )
        )
        measured.append(await _measure("/history", self.command(DIARIST, "/history")))
        measured.append(await _measure("/report (90 days)", self.report))
        measured.append(await _measure("daily run (tips due now)", _none(self.daily_run)))
        measured.append(await _measure("daily pruning", _none(self.prune)))
        return measured


def _none(work: Callable[[], Awaitable[None]]) -> Callable[[], Awaitable[None]]:
    """An operation without an answer time of its own."""
    return work


async def _operations(path: Path) -> list[Measured]:
    server = FakeBotApi()
    await server.start()
    config = load_config(
        telegram_bot_token=TOKEN,
        telegram_api_url=server.url,
        database_path=path,
        admin_ids=str(ADMIN.id),
    )
    prepare_to_serve()
    try:
        # `running_bot` takes the tests' fake clock; this one has the same two methods.
        async with running_bot(config, server, SystemTime()) as bot:  # type: ignore[arg-type]
            return await Session(bot).measure_all()
    finally:
        await server.stop()


def _rows(measured: list[Measured]) -> tuple[list[list[str]], bool]:
    rows: list[list[str]] = []
    passed = True
    for item in measured:
        stall_ok = item.stall_ms <= STALL_TARGET_MS
        answer = "" if item.answer_ms is None else number(item.answer_ms)
        rows.append(
            row(item.name, number(item.stall_ms), answer, target="stall <= 20", passed=stall_ok)
        )
        passed = passed and stall_ok
        if item.name.startswith("/admin") and item.answer_ms is not None:
            admin_ok = item.answer_ms <= ADMIN_TARGET_MS
            rows.append(
                row("  /admin answered", "", answer, target="answer <= 100", passed=admin_ok)
            )
            passed = passed and admin_ok
    return rows, passed


async def run(scale: float) -> Outcome:
    subscribers = max(1_000, round(SUBSCRIBERS * scale))
    entries = max(100, round(ENTRIES * scale))
    logging.getLogger("bot").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="bench-bigdb-") as directory:
        path = Path(directory) / "bot.sqlite3"
        started = time.perf_counter()
        await asyncio.to_thread(_seed, path, subscribers, entries, datetime.now(UTC))
        seeded = time.perf_counter() - started
        measured = await _operations(path)
    rows, passed = _rows(measured)
    title = (
        f"bigdb: {subscribers:,} subscribers, a diary of {entries:,} entries "
        f"(seeded in {seeded:.0f} s)"
    )
    return Outcome(
        name="bigdb",
        table=table(title, ["operation", "max stall ms", "answer ms", "target", ""], rows),
        passed=passed,
        figures={
            "subscribers": subscribers,
            "entries": entries,
            "operations": {
                m.name: {"max_stall_ms": m.stall_ms, "answer_ms": m.answer_ms} for m in measured
            },
        },
    )
