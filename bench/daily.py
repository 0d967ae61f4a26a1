"""Issue 4: daily-tip delivery, through the fake server, in three parts.

1. Paced: 10,000 due subscribers against a server that answers 429 past 30 sends a
   second. Target: at most 1.05 x the ideal 10,000 / 30 s, with no 429, no duplicate
   and no missing tip.
2. Unpaced: the daily-tip send path (choice, rendering, claim and settle writes
   included) against a bare python-telegram-bot `send_message` loop with the same
   message and as many sends in flight, same server, same run, in five rounds side by
   side. Target: at least 0.8 x the bare loop's messages per second.
3. Scale: 100,000 subscribers in the database. Selecting the busiest minute's due
   users takes at most 50 ms, and the process running the bot, having delivered that
   minute, stays at or under 150 MB RSS.

Every run of our bot reports the event-loop stalls in its process (`bench.stall`) while
it delivered; the target is none over 20 ms.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import random
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench import daily_bare, daily_bot
from bench.harness import ServerProcess
from bench.options import RateLimit, ServerOptions
from bench.process import HarnessError
from bench.report import Outcome, number, table, verdict
from bench.stall import STALL_FIGURE, STALL_TARGET, Stalls
from bot.clock import to_db
from bot.config import DEFAULT_CONTENT_DIR
from bot.core.database import open_database
from bot.core.ratelimit import BULK_MESSAGES_PER_SECOND
from bot.core.schedule import next_delivery
from bot.daily import keyboards as daily_keyboards
from bot.daily import texts
from bot.daily.store import START, DeliveryStore
from bot.knowledge.content import load_catalogue

PACED_USERS = 10_000
UNPACED_USERS = 5_000
UNPACED_ROUNDS = 5
POPULATION = 100_000
FIRST_USER_ID = 600_000_001
TELEGRAM_RATE = 30.0
TARGET_PACED_RATIO = 1.05
TARGET_THROUGHPUT_RATIO = 0.8
TARGET_SELECT_MS = 50.0
TARGET_RSS_MB = 150.0
SELECT_REPEATS = 7

ZONES = {
    "Europe/Berlin": 20,
    "America/New_York": 15,
    "Europe/London": 10,
    "Asia/Kolkata": 10,
    "Europe/Moscow": 8,
    "America/Los_Angeles": 8,
    "UTC": 7,
    "Asia/Tokyo": 6,
    "America/Sao_Paulo": 5,
    "Africa/Lagos": 5,
    "Australia/Sydney": 3,
    "Pacific/Kiritimati": 1,
    "Pacific/Pago_Pago": 1,
}
TIMES = {"08:00": 35, "07:00": 15, "09:00": 10, "20:00": 10, "21:00": 5, "any": 25}


@dataclass(frozen=True)
class Plan:
    paced_users: int
    unpaced_users: int
    population: int

    @classmethod
    def scaled(cls, scale: float) -> Plan:
        return cls(
            paced_users=max(60, round(PACED_USERS * scale)),
            unpaced_users=max(200, round(UNPACED_USERS * scale)),
            population=max(1000, round(POPULATION * scale)),
        )


def _insert_users(db_path: Path, rows: list[tuple[int, str, str, str]], now: datetime) -> None:
    """rows: (user_id, timezone, tip_time, next_tip_at), written in one transaction."""
    db = open_database(db_path)
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO users (user_id, chat_id, first_seen, subscribed, timezone) "
            "VALUES (?, ?, ?, 1, ?)",
            [(uid, uid, to_db(now), zone) for uid, zone, _, _ in rows],
        )
        db.conn.executemany(
            "INSERT INTO schedules (user_id, kind, enabled, local_time, next_due_at) "
            "VALUES (?, 'tip', 1, ?, ?)",
            [(uid, at, due) for uid, _, at, due in rows],
        )
    db.close()


async def in_process(function: Callable[..., Any], *args: Any) -> Any:
    """Run `function(*args)` in a fresh spawned process: the bot, or the bare loop."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        try:
            return await asyncio.get_running_loop().run_in_executor(pool, function, *args)
        except Exception as exc:
            raise HarnessError(f"{function.__name__} failed in its process: {exc!r}") from exc


def _delivered(db_path: Path) -> tuple[int, int]:
    """(users with a 'sent' tip, 'sent' rows) from the bot's own records."""
    db = open_database(db_path)
    users, rows = db.execute(
        "SELECT COUNT(DISTINCT user_id), COUNT(*) FROM deliveries "
        "WHERE status = 'sent' AND kind = 'tip'"
    ).fetchone()
    db.close()
    return users, rows


def _sends(stats: dict[str, Any]) -> tuple[int, int]:
    method = stats["methods"].get("sendMessage", {"ok": 0, "failed": 0})
    return method["ok"], method["failed"]


async def paced(plan: Plan) -> dict[str, Any]:
    now = datetime.now(UTC).replace(microsecond=0)
    due = to_db(now - timedelta(seconds=30))
    users = range(FIRST_USER_ID, FIRST_USER_ID + plan.paced_users)
    with tempfile.TemporaryDirectory(prefix="bench-daily-") as workdir:
        db_path = Path(workdir) / "bot.sqlite3"
        _insert_users(db_path, [(u, "UTC", "08:00", due) for u in users], now)
        async with ServerProcess(ServerOptions(rate_limit=RateLimit())) as server:
            bot = await in_process(daily_bot.deliver, server.url, db_path, BULK_MESSAGES_PER_SECOND)
            stats = await server.stats()
        delivered_users, delivered_rows = _delivered(db_path)
    ok, failed = _sends(stats)
    ideal = plan.paced_users / TELEGRAM_RATE
    return {
        "users": plan.paced_users,
        "seconds": bot["seconds"],
        "ideal_seconds": ideal,
        "ratio": bot["seconds"] / ideal,
        "flood_errors": stats["rate_limited"],
        "failed_sends": failed,
        "duplicates": ok - delivered_users,
        "missing": plan.paced_users - delivered_users,
        "recorded_twice": delivered_rows - delivered_users,
        "report": bot["report"],
        "stalls": bot["stalls"],
    }


async def _unpaced_round(
    plan: Plan, text: str, markup: dict[str, Any]
) -> tuple[float, float, int, int, dict[str, Any]]:
    """(ours, bare msgs/s, users delivered, sends the server took, our bot's figures)."""
    now = datetime.now(UTC).replace(microsecond=0)
    due = to_db(now - timedelta(seconds=30))
    ours = range(FIRST_USER_ID, FIRST_USER_ID + plan.unpaced_users)
    with tempfile.TemporaryDirectory(prefix="bench-daily-") as workdir:
        db_path = Path(workdir) / "bot.sqlite3"
        _insert_users(db_path, [(u, "UTC", "08:00", due) for u in ours], now)
        async with ServerProcess() as server:
            bare_rate = await in_process(
                daily_bare.send_loop, server.url, ours.stop, plan.unpaced_users, text, markup
            )
            bot = await in_process(daily_bot.deliver, server.url, db_path, 0)
            stats = await server.stats()
        delivered_users, _ = _delivered(db_path)
    ok, _ = _sends(stats)
    return delivered_users / bot["seconds"], bare_rate, delivered_users, ok, bot


async def unpaced(plan: Plan) -> dict[str, Any]:
    """`UNPACED_ROUNDS` rounds, each the bare loop then our bot on a fresh server and
    database; the ratio is the median of the rounds' own ratios, so that a change in the
    machine's speed during the bench (another process, a frequency step) weighs on both
    sides of a ratio alike instead of on one side."""
    catalogue = load_catalogue(DEFAULT_CONTENT_DIR)
    text = texts.daily_tip(catalogue.tips[0], catalogue, "night")
    markup = daily_keyboards.daily_tip(catalogue.tips[0].id).to_dict()
    rounds = [await _unpaced_round(plan, text, markup) for _ in range(UNPACED_ROUNDS)]
    ratios = [ours / bare for ours, bare, *_ in rounds]
    middle = ratios.index(statistics.median_low(ratios))
    ours_rate, bare_rate, _, _, bot = rounds[middle]
    return {
        "users": plan.unpaced_users,
        "rounds": [{"ours_per_second": ours, "bare_per_second": bare} for ours, bare, *_ in rounds],
        "ours_per_second": ours_rate,
        "bare_per_second": bare_rate,
        "ratio": ratios[middle],
        "missing": sum(plan.unpaced_users - delivered for _, _, delivered, _, _ in rounds),
        "duplicates": sum(ok - plan.unpaced_users - delivered for _, _, delivered, ok, _ in rounds),
        "report": bot["report"],
        "stalls": Stalls.worst(Stalls.from_json(run[4]["stalls"]) for run in rounds).as_json(),
    }


def _population(size: int, now: datetime, rng: random.Random) -> tuple[list[Any], datetime, int]:
    """Subscribers spread over zones and times; everyone due before the busiest minute
    has had today's tip already, so that minute's due users are exactly its own."""
    zones = rng.choices(list(ZONES), weights=list(ZONES.values()), k=size)
    times = rng.choices(list(TIMES), weights=list(TIMES.values()), k=size)
    plans = []
    for index, (zone, at) in enumerate(zip(zones, times, strict=True)):
        tip_time = (
            clock_time(rng.randrange(24), rng.randrange(60))
            if at == "any"
            else clock_time.fromisoformat(at)
        )
        due = next_delivery(now, tip_time, ZoneInfo(zone))
        plans.append([FIRST_USER_ID + index, zone, tip_time, due])
    busiest, count = Counter(plan[3] for plan in plans).most_common(1)[0]
    for plan in plans:
        if plan[3] < busiest:
            plan[3] = next_delivery(plan[3], plan[2], ZoneInfo(plan[1]))
    rows = [(uid, zone, at.strftime("%H:%M"), to_db(due)) for uid, zone, at, due in plans]
    return rows, busiest, count


def time_selection(db_path: Path, now: datetime) -> tuple[int, list[float]]:
    """How many schedules are due as of `now`, and the ms each of `SELECT_REPEATS`
    selections of them took."""
    db = open_database(db_path)
    store = DeliveryStore(db)
    timings = []
    for _ in range(SELECT_REPEATS):
        started = time.perf_counter()
        selected = _select_all(store, now)
        timings.append((time.perf_counter() - started) * 1000)
    db.close()
    return selected, timings


def _select_all(store: DeliveryStore, now: datetime) -> int:
    """Every due schedule as of `now`, paged as a run pages them: how many."""
    selected, after = 0, START
    while page := store.due(now, after):
        selected += len(page)
        after = page[-1].position
    return selected


async def scale(plan: Plan) -> dict[str, Any]:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    rows, busiest, count = _population(plan.population, now, random.Random(4))
    with tempfile.TemporaryDirectory(prefix="bench-daily-") as workdir:
        db_path = Path(workdir) / "bot.sqlite3"
        _insert_users(db_path, rows, now)
        del rows
        selected, timings = time_selection(db_path, busiest)
        async with ServerProcess() as server:
            bot = await in_process(daily_bot.deliver, server.url, db_path, 0, busiest)
        delivered_users, _ = _delivered(db_path)
    return {
        "population": plan.population,
        "busiest_minute": to_db(busiest),
        "busiest_minute_users": count,
        "selected": selected,
        "select_ms_median": statistics.median(timings),
        "select_ms_worst": max(timings),
        "delivered": delivered_users,
        "rss_mb": bot["rss_mb"],
        "peak_rss_mb": bot["peak_rss_mb"],
        "report": bot["report"],
        "stalls": bot["stalls"],
    }


async def run(scale_factor: float) -> Outcome:
    plan = Plan.scaled(scale_factor)
    big = await scale(plan)
    fast = await unpaced(plan)
    slow = await paced(plan)
    stalls = {
        name: Stalls.from_json(run["stalls"])
        for name, run in (("paced", slow), ("unpaced", fast), ("scale", big))
    }
    checks = {
        "paced_time": slow["ratio"] <= TARGET_PACED_RATIO,
        "paced_clean": slow["flood_errors"] == 0
        and slow["duplicates"] == 0
        and slow["missing"] == 0
        and slow["recorded_twice"] == 0,
        "throughput": fast["ratio"] >= TARGET_THROUGHPUT_RATIO and fast["missing"] == 0,
        "select": big["select_ms_worst"] <= TARGET_SELECT_MS
        and big["selected"] == big["busiest_minute_users"],
        "rss": big["peak_rss_mb"] <= TARGET_RSS_MB
        and big["delivered"] == big["busiest_minute_users"],
        "stalls": all(run.passed for run in stalls.values()),
    }
    rows = [
        [
            f"paced: {slow['users']:,} tips, seconds (ideal {number(slow['ideal_seconds'])})",
            number(slow["seconds"]),
            f"<= {number(slow['ideal_seconds'] * TARGET_PACED_RATIO)}",
            "",
        ],
        ["paced: time / ideal", number(slow["ratio"], 3), f"<= {TARGET_PACED_RATIO}", ""],
        ["paced: 429 flood errors", str(slow["flood_errors"]), "0", ""],
        ["paced: duplicates", str(slow["duplicates"]), "0", ""],
        ["paced: missing", str(slow["missing"]), "0", verdict(checks["paced_clean"])],
        [
            "unpaced: ours, tips/s, each round",
            "/".join(number(r["ours_per_second"]) for r in fast["rounds"]),
            "",
            "",
        ],
        [
            "unpaced: bare send_message loop, msgs/s, each round",
            "/".join(number(r["bare_per_second"]) for r in fast["rounds"]),
            "",
            "",
        ],
        [
            f"unpaced: ours / bare, median of {UNPACED_ROUNDS} rounds",
            number(fast["ratio"], 2),
            f">= {TARGET_THROUGHPUT_RATIO}",
            verdict(checks["throughput"]),
        ],
        [
            f"scale: select busiest minute ({big['busiest_minute_users']:,} due "
            f"of {big['population']:,}), ms median/worst",
            f"{number(big['select_ms_median'], 1)}/{number(big['select_ms_worst'], 1)}",
            f"<= {TARGET_SELECT_MS:.0f}",
            verdict(checks["select"]),
        ],
        [
            "scale: bot process RSS having delivered it, MB now/peak",
            f"{number(big['rss_mb'])}/{number(big['peak_rss_mb'])}",
            f"<= {TARGET_RSS_MB:.0f}",
            verdict(checks["rss"]),
        ],
    ]
    rows += [
        [f"{name}: {STALL_FIGURE}", run.cell(), STALL_TARGET, verdict(run.passed)]
        for name, run in stalls.items()
    ]
    rows[1][3] = verdict(checks["paced_time"])
    title = f"Daily tips (scale {scale_factor:g})"
    text = table(title, ["figure", "value", "target", "result"], rows)
    text += f"\nruns: paced {slow['report']}, unpaced {fast['report']}, scale {big['report']}"
    return Outcome(
        name="daily",
        table=text,
        passed=all(checks.values()),
        figures={"plan": asdict(plan), "paced": slow, "unpaced": fast, "scale": big},
    )
