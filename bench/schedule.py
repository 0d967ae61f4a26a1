"""Issue 14: the scheduler, every kind at once, through the fake server, in two parts.

1. Scale: 100,000 users with the daily tip, the morning check-in and the bedtime
   reminder all on, their times spread over the day's minutes in 13 zones. Selecting
   the busiest minute's due messages (every kind) takes at most 50 ms, and the bot
   process, having delivered that minute, stays at or under 150 MB RSS.
2. Paced: 10,000 messages of the three kinds due in one minute, against a server that
   answers 429 past 30 sends a second. Target: at most 1.05 x the ideal 10,000 / 30 s,
   with no 429, no duplicate and no missing message.

Both report the loop-stall probe's worst wake-up (`bench.stall`) during the run.
"""

from __future__ import annotations

import random
import statistics
import tempfile
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench import daily_bot
from bench.daily import TIMES, ZONES, in_process, time_selection
from bench.harness import ServerProcess
from bench.options import RateLimit, ServerOptions
from bench.report import Outcome, number, table, verdict
from bench.stall import Stalls
from bot.clock import to_db
from bot.core.database import open_database
from bot.core.ratelimit import BULK_MESSAGES_PER_SECOND
from bot.core.schedule import next_delivery

PACED_SENDS = 10_000
POPULATION = 100_000
FIRST_USER_ID = 700_000_001
TELEGRAM_RATE = 30.0
TARGET_PACED_RATIO = 1.05
TARGET_SELECT_MS = 50.0
TARGET_RSS_MB = 150.0
KINDS = ("tip", "checkin", "bedtime")
CHECKIN_TIMES = {"07:00": 30, "07:30": 20, "08:00": 20, "06:30": 10, "any": 20}
BEDTIME_TIMES = {"21:30": 30, "22:00": 30, "21:00": 15, "any": 25}


@dataclass(frozen=True)
class Plan:
    paced_sends: int
    population: int

    @classmethod
    def scaled(cls, scale: float) -> Plan:
        return cls(
            paced_sends=max(90, round(PACED_SENDS * scale)),
            population=max(1000, round(POPULATION * scale)),
        )


def _insert(
    db_path: Path, users: list[tuple[int, str]], schedules: list[tuple[int, str, str, str]]
) -> None:
    """users: (user_id, zone); schedules: (user_id, kind, local_time, next_due_at)."""
    db = open_database(db_path)
    first_seen = to_db(datetime.now(UTC))
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO users (user_id, chat_id, first_seen, subscribed, timezone) "
            "VALUES (?, ?, ?, 1, ?)",
            [(uid, uid, first_seen, zone) for uid, zone in users],
        )
        db.conn.executemany(
            "INSERT INTO schedules (user_id, kind, enabled, local_time, next_due_at) "
            "VALUES (?, ?, 1, ?, ?)",
            schedules,
        )
    db.close()


def _delivered(db_path: Path) -> tuple[int, int]:
    """(user and kind pairs with a 'sent' message, 'sent' rows) from the bot's records."""
    db = open_database(db_path)
    pairs, rows = db.execute(
        "SELECT COUNT(DISTINCT user_id || kind), COUNT(*) FROM deliveries WHERE status = 'sent'"
    ).fetchone()
    db.close()
    return pairs, rows


def _morning_zone(now: datetime) -> str:
    """A zone where it is about nine in the morning, so every kind is within its window."""
    offset = 9 - now.hour
    if offset < -12:
        offset += 24
    return f"Etc/GMT{-offset:+d}" if offset else "UTC"


async def paced(plan: Plan) -> dict[str, Any]:
    now = datetime.now(UTC).replace(microsecond=0)
    due = now - timedelta(seconds=30)
    zone = _morning_zone(now)
    local = due.astimezone(ZoneInfo(zone)).strftime("%H:%M")
    pairs = [
        (FIRST_USER_ID + i // len(KINDS), KINDS[i % len(KINDS)]) for i in range(plan.paced_sends)
    ]
    users = sorted({uid for uid, _ in pairs})
    with tempfile.TemporaryDirectory(prefix="bench-schedule-") as workdir:
        db_path = Path(workdir) / "bot.sqlite3"
        _insert(
            db_path,
            [(uid, zone) for uid in users],
            [(uid, kind, local, to_db(due)) for uid, kind in pairs],
        )
        async with ServerProcess(ServerOptions(rate_limit=RateLimit())) as server:
            bot = await in_process(daily_bot.deliver, server.url, db_path, BULK_MESSAGES_PER_SECOND)
            stats = await server.stats()
        delivered, rows = _delivered(db_path)
    method = stats["methods"].get("sendMessage", {"ok": 0, "failed": 0})
    ideal = plan.paced_sends / TELEGRAM_RATE
    return {
        "sends": plan.paced_sends,
        "users": len(users),
        "seconds": bot["seconds"],
        "ideal_seconds": ideal,
        "ratio": bot["seconds"] / ideal,
        "flood_errors": stats["rate_limited"],
        "failed_sends": method["failed"],
        "duplicates": method["ok"] - delivered,
        "missing": plan.paced_sends - delivered,
        "recorded_twice": rows - delivered,
        "stall_max_ms": Stalls.from_json(bot["stalls"]).max_ms,
        "report": bot["report"],
    }


def _pick(rng: random.Random, weights: dict[str, int]) -> clock_time:
    choice = rng.choices(list(weights), weights=list(weights.values()))[0]
    if choice == "any":
        return clock_time(rng.randrange(24), rng.randrange(60))
    return clock_time.fromisoformat(choice)


def _population(
    size: int, now: datetime, rng: random.Random
) -> tuple[list[tuple[int, str]], list[tuple[int, str, str, str]], datetime, int]:
    """Users over zones, each kind at a time of its own; everything due before the
    busiest minute has had today's already, so that minute's due messages are its own."""
    zones = rng.choices(list(ZONES), weights=list(ZONES.values()), k=size)
    plans: list[list[Any]] = []
    for index, zone in enumerate(zones):
        uid = FIRST_USER_ID + index
        tip = _pick(rng, TIMES)
        checkin = _pick(rng, CHECKIN_TIMES)
        while checkin >= clock_time(12):
            checkin = _pick(rng, CHECKIN_TIMES)
        bedtime = _pick(rng, BEDTIME_TIMES)
        for kind, at in zip(KINDS, (tip, checkin, bedtime), strict=True):
            plans.append([uid, kind, zone, at, next_delivery(now, at, ZoneInfo(zone))])
    busiest, count = Counter(plan[4] for plan in plans).most_common(1)[0]
    for plan in plans:
        if plan[4] < busiest:
            plan[4] = next_delivery(plan[4], plan[3], ZoneInfo(plan[2]))
    users = [(FIRST_USER_ID + index, zone) for index, zone in enumerate(zones)]
    rows = [(uid, kind, at.strftime("%H:%M"), to_db(due)) for uid, kind, _, at, due in plans]
    return users, rows, busiest, count


async def scale(plan: Plan) -> dict[str, Any]:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    users, rows, busiest, count = _population(plan.population, now, random.Random(14))
    with tempfile.TemporaryDirectory(prefix="bench-schedule-") as workdir:
        db_path = Path(workdir) / "bot.sqlite3"
        _insert(db_path, users, rows)
        del users, rows
        selected, timings = time_selection(db_path, busiest)
        async with ServerProcess() as server:
            bot = await in_process(daily_bot.deliver, server.url, db_path, 0, busiest)
        delivered, _ = _delivered(db_path)
    return {
        "population": plan.population,
        "schedules": plan.population * len(KINDS),
        "busiest_minute": to_db(busiest),
        "busiest_minute_due": count,
        "selected": selected,
        "select_ms_median": statistics.median(timings),
        "select_ms_worst": max(timings),
        "delivered": delivered,
        "rss_mb": bot["rss_mb"],
        "peak_rss_mb": bot["peak_rss_mb"],
        "stall_max_ms": Stalls.from_json(bot["stalls"]).max_ms,
        "report": bot["report"],
    }


async def run(scale_factor: float) -> Outcome:
    plan = Plan.scaled(scale_factor)
    big = await scale(plan)
    slow = await paced(plan)
    checks = {
        "paced_time": slow["ratio"] <= TARGET_PACED_RATIO,
        "paced_clean": slow["flood_errors"] == 0
        and slow["duplicates"] == 0
        and slow["missing"] == 0
        and slow["recorded_twice"] == 0,
        "select": big["select_ms_worst"] <= TARGET_SELECT_MS
        and big["selected"] == big["busiest_minute_due"],
        "rss": big["peak_rss_mb"] <= TARGET_RSS_MB
        and big["delivered"] == big["busiest_minute_due"],
    }
    rows = [
        [
            f"scale: select busiest minute ({big['busiest_minute_due']:,} due of "
            f"{big['schedules']:,} schedules), ms median/worst",
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
        ["scale: loop stall during the run, ms max", number(big["stall_max_ms"]), "", ""],
        [
            f"paced: {slow['sends']:,} sends ({slow['users']:,} users x 3 kinds), seconds "
            f"(ideal {number(slow['ideal_seconds'])})",
            number(slow["seconds"]),
            f"<= {number(slow['ideal_seconds'] * TARGET_PACED_RATIO)}",
            "",
        ],
        [
            "paced: time / ideal",
            number(slow["ratio"], 3),
            f"<= {TARGET_PACED_RATIO}",
            verdict(checks["paced_time"]),
        ],
        ["paced: 429 flood errors", str(slow["flood_errors"]), "0", ""],
        ["paced: duplicates", str(slow["duplicates"]), "0", ""],
        ["paced: missing", str(slow["missing"]), "0", verdict(checks["paced_clean"])],
        ["paced: loop stall during the run, ms max", number(slow["stall_max_ms"]), "", ""],
    ]
    title = f"Scheduler: tip, check-in and bedtime (scale {scale_factor:g})"
    text = table(title, ["figure", "value", "target", "result"], rows)
    text += f"\nruns: scale {big['report']}, paced {slow['report']}"
    return Outcome(
        name="schedule",
        table=text,
        passed=all(checks.values()),
        figures={"plan": asdict(plan), "scale": big, "paced": slow},
    )
