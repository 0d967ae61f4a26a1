"""Issue 15: /stats, /insights and /history for a user with 10,000 entries over two years.

The bot runs in this process (the real `build_application`, prepared as `python -m bot`
prepares it), so the stall probe (`bench.stall.StallProbe`) shares its event loop; the
fake server runs in a process of its own and times each command from its offer to the
bot's first reply (the chart photo, for /stats). The commands come at a steady rate, one
at a time per command kind, from the user with the big diary: every read below is the
bot's whole work for one update, with nothing queued behind another.

The diary: 10,000 entries spread over the last two years (every detail varied), and a
third of the other nights of the last 90 called free.
"""

from __future__ import annotations

import asyncio
import gc
import random
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dt_time
from pathlib import Path

from bench.bot_process import TOKEN, running_application
from bench.harness import ServerProcess
from bench.options import ServerOptions
from bench.report import number, row
from bench.stall import StallProbe
from bench.stats import percentile
from bench.workload import SendText

ENTRIES = 10_000
DAYS = 730
FREE_SHARE = 1 / 3
USER_ID = 610_000_001
ZONE = "Europe/Berlin"
COMMANDS = ("/history", "/insights", "/stats")
REQUESTS = 40
RATE = 4.0
"""Commands per second: well below one at a time, so each latency is one command's own."""
TARGET_P99_MS = 150.0
TARGET_STALL_MS = 20.0


@dataclass(frozen=True)
class ReadFigures:
    entries: int
    requests: int
    p50_ms: dict[str, float]
    p99_ms: dict[str, float]
    stall_max_ms: dict[str, float]
    stall_p99_ms: dict[str, float]
    idle_stall_max_ms: float


def _seed(database: Path, entries: int, today: date) -> None:
    """Written in a few statement batches: the bench is about reading them. Every entry
    is closed (its details done), so no red-flag check writes to the user meanwhile."""
    from bot.clock import to_db
    from bot.core.database import open_database
    from bot.core.users import UserStore
    from bot.diary.nights import NightStore
    from bot.diary.vocabulary import (
        DayPart,
        Duration,
        Helped,
        Muscle,
        Side,
        Tried,
        Trigger,
        WhenKind,
    )

    rng = random.Random(15)
    now = datetime.now(UTC)
    db = open_database(database)
    UserStore(db).ensure(USER_ID, USER_ID, now, ZONE, dt_time(9, 0))
    rows = []
    triggers = []
    tried = []
    for flow in range(1, entries + 1):
        day = today - timedelta(days=rng.randrange(DAYS))
        moment = datetime(day.year, day.month, day.day, rng.randrange(24), tzinfo=UTC)
        when = rng.choice(list(WhenKind))
        rows.append(
            (
                USER_ID,
                flow,
                to_db(moment),
                to_db(moment),
                day.isoformat(),
                when.value,
                rng.choice([None, *DayPart])
                if when not in (WhenKind.NOW, WhenKind.NIGHT)
                else None,
                rng.choice(list(Muscle)).value,
                rng.choice(list(Side)).value,
                rng.randint(1, 3),
                rng.choice((None, 0, 1)),
                rng.choice([None, *Duration]),
                rng.choice([None, *Helped]),
                to_db(moment),
            )
        )
        triggers += [(flow, t.value) for t in Trigger if rng.random() < 0.15]
        tried += [(flow, t.value) for t in Tried if rng.random() < 0.15]
    nights = NightStore(db)
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO cramp_entries (user_id, flow_message_id, logged_at, happened_at, "
            "local_date, when_kind, day_part, muscle, side, severity, woke, duration, helped, "
            "closed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        db.conn.executemany(
            "INSERT INTO entry_triggers (entry_id, trigger) SELECT id, ? FROM cramp_entries "
            "WHERE user_id = ? AND flow_message_id = ?",
            [(value, USER_ID, flow) for flow, value in triggers],
        )
        db.conn.executemany(
            "INSERT INTO entry_tried (entry_id, tried) SELECT id, ? FROM cramp_entries "
            "WHERE user_id = ? AND flow_message_id = ?",
            [(value, USER_ID, flow) for flow, value in tried],
        )
        for offset in range(90):
            if rng.random() < FREE_SHARE:
                nights.mark_free(USER_ID, today - timedelta(days=offset), now)
    db.close()


async def _idle_stall() -> float:
    async with StallProbe() as probe:
        await asyncio.sleep(1.0)
    return probe.max_ms


async def measure(scale: float) -> ReadFigures:
    from bot.app import build_application, prepare_to_serve
    from bot.config import load_config

    entries = max(1000, round(ENTRIES * scale))
    requests = max(10, round(REQUESTS * scale))
    replies = frozenset({"sendMessage", "editMessageText", "sendPhoto"})
    with tempfile.TemporaryDirectory(prefix="bench-diary-reads-") as directory:
        database = Path(directory) / "bot.sqlite3"
        _seed(database, entries, datetime.now(UTC).date())
        async with ServerProcess(ServerOptions(reply_methods=replies)) as server:
            config = load_config(
                telegram_bot_token=TOKEN, telegram_api_url=server.url, database_path=database
            )
            app = build_application(config, rng=random.Random(7))
            prepare_to_serve()
            async with running_application(app):
                idle = await _idle_stall()
                latencies: dict[str, list[float]] = {}
                stalls: dict[str, StallProbe] = {}
                for command in COMMANDS:
                    # One warm-up, then each command on its own: the garbage one leaves
                    # (a chart's figure is a web of cycles) is not billed to the next.
                    await server.run([SendText(USER_ID, command)])
                    gc.collect()
                    async with StallProbe() as stalls[command]:
                        result = await server.run([SendText(USER_ID, command)] * requests, RATE)
                    latencies[command] = [latency * 1000 for latency in result.latencies]
    return ReadFigures(
        entries=entries,
        requests=requests,
        p50_ms={command: percentile(values, 50) for command, values in latencies.items()},
        p99_ms={command: percentile(values, 99) for command, values in latencies.items()},
        stall_max_ms={command: probe.max_ms for command, probe in stalls.items()},
        stall_p99_ms={command: probe.p99_ms for command, probe in stalls.items()},
        idle_stall_max_ms=idle,
    )


def title(figures: ReadFigures) -> str:
    return (
        f"Cramp diary reads: {', '.join(COMMANDS)} for a user with {figures.entries:,} entries "
        f"over {DAYS // 365} years, {figures.requests} of each at {RATE:.0f}/s, the bot and "
        "the stall probe in one process"
    )


def rows(figures: ReadFigures) -> tuple[list[list[str]], bool]:
    """The table's rows (as `bench.diary` lays them out) and whether every target is met."""
    lines = []
    passed = True
    for command in COMMANDS:
        p99 = figures.p99_ms[command]
        stall = figures.stall_max_ms[command]
        passed = passed and p99 <= TARGET_P99_MS and stall <= TARGET_STALL_MS
        lines += [
            row(f"{command}: latency p50 (ms)", number(figures.p50_ms[command], 1)),
            row(
                f"{command}: latency p99 (ms)",
                number(p99, 1),
                target=f"<= {TARGET_P99_MS:.0f}",
                passed=p99 <= TARGET_P99_MS,
            ),
            row(
                f"{command}: worst event-loop stall (ms)",
                number(stall, 1),
                target=f"<= {TARGET_STALL_MS:.0f}",
                passed=stall <= TARGET_STALL_MS,
            ),
            row(f"{command}: event-loop stall p99 (ms)", number(figures.stall_p99_ms[command], 1)),
        ]
    lines.append(
        row("idle loop: worst stall, for comparison (ms)", number(figures.idle_stall_max_ms, 1))
    )
    return lines, passed
