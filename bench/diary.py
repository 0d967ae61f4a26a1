"""Issue 3: 1,000 users each log a cramp in three taps, through the fake server; and
issue 15's reads of a big diary (`bench.diary_reads`).

The taps are "Log a cramp" on the /start menu, a place, and a severity (which saves
the entry). Each tap can only be offered once the previous one's reply is on screen,
so the taps go in three rounds: every user's first tap, then every second, then every
third. Two runs, each with a fresh server, bot and database:

- saturation: each round offered all at once; throughput is every tap over the time
  the three rounds took (first offer to last reply, summed);
- steady: the same 3,000 taps offered at 100 per second, for the latency per tap.

A tap's latency runs from the update being offered to its visible reply (the new
flow message, or the edit). After each run the bot stops and the bench counts the
entries in its database: exactly one per user, no phantom from a double-handled
tap and none lost.
"""

from __future__ import annotations

import functools
import random
import sqlite3
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from bench import diary_reads
from bench.bot_process import BotProcess
from bench.diary_bot import DATABASE_NAME, build_in
from bench.harness import ServerProcess
from bench.report import Outcome, number, row, table
from bench.stall import STALL_FIGURE, STALL_TARGET, Stalls
from bench.stats import BatchResult, percentile
from bench.workload import Press, SendText, UserAction
from bot.account import texts as account_texts
from bot.diary import texts as diary_texts

USERS = 1000
TAPS_PER_USER = 3
STEADY_RATE = 100.0
FIRST_USER_ID = 600_000_001
TARGET_P99_MS = 10.0
PLACES = tuple(diary_texts.PLACE_NAMES.values())
SEVERITIES = tuple(label.split()[-1] for label in diary_texts.SEVERITY_BUTTONS.values())


@dataclass(frozen=True)
class Plan:
    users: int
    seed: int = 3

    @classmethod
    def scaled(cls, scale: float) -> Plan:
        return cls(users=max(10, round(USERS * scale)))

    @property
    def user_ids(self) -> list[int]:
        return list(range(FIRST_USER_ID, FIRST_USER_ID + self.users))

    def rounds(self) -> list[list[UserAction]]:
        """Tap 1 for everyone, then tap 2, then tap 3; labels pick the buttons."""
        rng = random.Random(self.seed)
        users = self.user_ids
        return [
            [Press(user, label=account_texts.MENU_LOG) for user in users],
            [Press(user, label=rng.choice(PLACES)) for user in users],
            [Press(user, label=rng.choice(SEVERITIES)) for user in users],
        ]


@dataclass(frozen=True)
class RunFigures:
    taps: int
    seconds: float
    latencies_ms: list[float]
    entries: int
    users_with_one_entry: int
    offered_rate: float
    anomalies: dict[str, int]
    stalls: Stalls

    @property
    def throughput(self) -> float:
        return self.taps / self.seconds if self.seconds else 0.0


def _busy_seconds(result: BatchResult) -> float:
    if result.first_offer is None or result.last_reply is None:
        return 0.0
    return result.last_reply - result.first_offer


def _count_entries(database: Path) -> tuple[int, int]:
    with sqlite3.connect(database) as conn:
        total = conn.execute("SELECT count(*) FROM cramp_entries").fetchone()[0]
        single = conn.execute(
            "SELECT count(*) FROM (SELECT user_id FROM cramp_entries GROUP BY user_id "
            "HAVING count(*) = 1)"
        ).fetchone()[0]
    return int(total), int(single)


async def measure(plan: Plan, rate: float | None) -> RunFigures:
    """One run on a fresh bot: warm up with /start twice (a new user's first one asks for a
    time zone; the second shows the start menu), then the three rounds of taps."""
    rounds = plan.rounds()
    with tempfile.TemporaryDirectory(prefix="bench-diary-") as directory:
        factory = functools.partial(build_in, Path(directory))
        async with ServerProcess() as server, BotProcess(factory, server.url) as bot:
            for _ in range(2):
                await server.run([SendText(user, "/start") for user in plan.user_ids])
            await bot.reset_stalls()
            if rate is None:
                results = [await server.run(taps) for taps in rounds]
            else:
                results = [await server.run([tap for taps in rounds for tap in taps], rate)]
            stalls = await bot.stalls()
            stats = await server.stats()
        entries, single = _count_entries(Path(directory) / DATABASE_NAME)
    return RunFigures(
        taps=sum(result.replied for result in results),
        seconds=sum(_busy_seconds(result) for result in results),
        latencies_ms=[latency * 1000 for result in results for latency in result.latencies],
        entries=entries,
        users_with_one_entry=single,
        offered_rate=results[-1].offered_rate,
        anomalies={key: stats[key] for key in ("unsolicited", "busy_presses")},
        stalls=stalls,
    )


async def run(scale: float) -> Outcome:
    plan = Plan.scaled(scale)
    saturation = await measure(plan, rate=None)
    steady = await measure(plan, rate=STEADY_RATE)
    p50 = percentile(steady.latencies_ms, 50)
    p99 = percentile(steady.latencies_ms, 99)
    p99_ok = p99 <= TARGET_P99_MS
    stall_ok = steady.stalls.passed
    counts_ok = all(
        run.entries == run.users_with_one_entry == plan.users for run in (saturation, steady)
    )
    title = (
        f"Cramp diary: {plan.users} users log a cramp in {TAPS_PER_USER} taps each "
        f"({plan.users * TAPS_PER_USER} taps), all at once, then at {STEADY_RATE:.0f} taps/s "
        f"(offered {steady.offered_rate:.1f}/s)"
    )
    entries = f"= {plan.users}"
    rows = [
        row("throughput at saturation (taps/s)", number(saturation.throughput)),
        row("latency p50 per tap at 100 taps/s (ms)", number(p50, 2)),
        row(
            "latency p99 per tap at 100 taps/s (ms)",
            number(p99, 2),
            target=f"<= {TARGET_P99_MS:.0f}",
            passed=p99_ok,
        ),
        row(
            f"{STALL_FIGURE}, at 100 taps/s",
            steady.stalls.cell(),
            target=STALL_TARGET,
            passed=stall_ok,
        ),
        row(f"{STALL_FIGURE}, at saturation", saturation.stalls.cell()),
        row(
            "entries in the database after saturation",
            str(saturation.entries),
            target=entries,
            passed=saturation.entries == plan.users,
        ),
        row(
            "entries in the database after steady load",
            str(steady.entries),
            target=entries,
            passed=steady.entries == plan.users,
        ),
        row(
            "users with exactly one entry (both runs)",
            f"{saturation.users_with_one_entry} / {steady.users_with_one_entry}",
            target=entries,
            passed=counts_ok,
        ),
    ]
    text = table(title, ["figure", "value", "target", "result"], rows)
    anomalies = {
        f"{name} {key}": value
        for name, run in (("saturation", saturation), ("steady", steady))
        for key, value in run.anomalies.items()
        if value
    }
    if anomalies:
        text += f"\nanomalies: {anomalies}"
    reads = await diary_reads.measure(scale)
    read_rows, reads_ok = diary_reads.rows(reads)
    text += "\n\n" + table(
        diary_reads.title(reads), ["figure", "value", "target", "result"], read_rows
    )
    figures = {
        name: {k: v for k, v in asdict(run).items() if k != "latencies_ms"}
        | {"throughput": run.throughput}
        for name, run in (("saturation", saturation), ("steady", steady))
    }
    return Outcome(
        name="diary",
        table=text,
        passed=p99_ok and counts_ok and reads_ok and stall_ok,
        figures={
            "plan": asdict(plan),
            **figures,
            "p50_ms": p50,
            "p99_ms": p99,
            "reads": asdict(reads),
        },
    )
