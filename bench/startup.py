"""Issue 18: start-up, ours against a bare python-telegram-bot application.

    python -m bench startup [--scale F]

Each bot is started as a process of its own against the fake Bot API server, in this
process: ours exactly as operators start it (`python -m bot`, a database that exists
already), the bare one as `python -m bench.bare_start`. Per start:

- time to the first getUpdates: from just before the process is started to the
  server receiving its first `getUpdates` (one monotonic clock, the system's);
- idle RSS: the process's resident memory `IDLE_SECONDS` after that, while it only
  long-polls.

A first start of each is not counted (it creates our database and fills the file
cache alike); then `RUNS` starts each, taking turns, and the medians are compared.
Targets: ours at most 1.6 x the bare time and 1.6 x the bare RSS.
"""

from __future__ import annotations

import asyncio
import os
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from bench.bot_process import TOKEN
from bench.process import HarnessError
from bench.report import Outcome, number, row, table
from tests.fake_bot_api import FakeBotApi

RUNS = 5
IDLE_SECONDS = 2.0
START_WITHIN = 60.0
STOP_WITHIN = 15.0
TARGET_RATIO = 1.6
ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {"ours": ("-m", "bot"), "bare": ("-m", "bench.bare_start")}


@dataclass(frozen=True)
class Start:
    seconds: float
    rss_mb: float


@dataclass(frozen=True)
class Figures:
    runs: int
    ours_seconds: float
    bare_seconds: float
    ours_rss_mb: float
    bare_rss_mb: float

    @property
    def time_ratio(self) -> float:
        return self.ours_seconds / self.bare_seconds

    @property
    def rss_ratio(self) -> float:
        return self.ours_rss_mb / self.bare_rss_mb


class FirstPoll:
    """A hook on the server: when the first getUpdates arrived, on the system's clock."""

    def __init__(self) -> None:
        self.at: float | None = None
        self.arrived = asyncio.Event()

    def __call__(self, method: str, params: dict[str, Any]) -> None:
        if method == "getUpdates" and self.at is None:
            self.at = time.monotonic()
            self.arrived.set()


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise HarnessError(f"no VmRSS for process {pid}")


async def _start(name: str, workdir: Path) -> Start:
    api = FakeBotApi()
    first = FirstPoll()
    api.fault_hooks.append(first)
    env = {
        "PATH": os.environ["PATH"],
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": await api.start(),
        "DATABASE_PATH": str(workdir / "bot.sqlite3"),
        "LOG_LEVEL": "WARNING",
    }
    log = workdir / f"{name}.log"
    try:
        with log.open("ab") as output:
            started = time.monotonic()
            bot = await asyncio.create_subprocess_exec(
                sys.executable, *COMMANDS[name], env=env, cwd=workdir, stdout=output, stderr=output
            )
        try:
            await asyncio.wait_for(first.arrived.wait(), START_WITHIN)
        except TimeoutError:
            raise HarnessError(f"{name} never polled; see {log.read_text()[-2000:]}") from None
        await asyncio.sleep(IDLE_SECONDS)
        rss = _rss_mb(bot.pid)
        bot.send_signal(signal.SIGINT)
        try:
            await asyncio.wait_for(bot.wait(), STOP_WITHIN)
        except TimeoutError:
            bot.kill()
            await bot.wait()
    finally:
        api.release_polls()
        await api.stop()
    if first.at is None:
        raise HarnessError(f"{name} never polled")
    return Start(first.at - started, rss)


async def measure(runs: int) -> Figures:
    starts: dict[str, list[Start]] = {name: [] for name in COMMANDS}
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as directory:
        workdir = Path(directory)
        for name in COMMANDS:
            await _start(name, workdir)  # the database made, the file cache filled
        for _ in range(runs):
            for name in COMMANDS:
                starts[name].append(await _start(name, workdir))

    def median(name: str, field: str) -> float:
        return statistics.median(getattr(start, field) for start in starts[name])

    return Figures(
        runs=runs,
        ours_seconds=median("ours", "seconds"),
        bare_seconds=median("bare", "seconds"),
        ours_rss_mb=median("ours", "rss_mb"),
        bare_rss_mb=median("bare", "rss_mb"),
    )


async def run(scale: float) -> Outcome:
    figures = await measure(max(1, round(RUNS * min(scale, 1.0))))
    time_ok = figures.time_ratio <= TARGET_RATIO
    rss_ok = figures.rss_ratio <= TARGET_RATIO
    target = f"<= {TARGET_RATIO:g}"
    rows = [
        row(
            "time to the first getUpdates (s)",
            number(figures.ours_seconds, 2),
            number(figures.bare_seconds, 2),
        ),
        row("  ours / bare", number(figures.time_ratio, 2), "", target=target, passed=time_ok),
        row(
            f"idle RSS {IDLE_SECONDS:g} s after that (MB)",
            number(figures.ours_rss_mb),
            number(figures.bare_rss_mb),
        ),
        row("  ours / bare", number(figures.rss_ratio, 2), "", target=target, passed=rss_ok),
    ]
    title = (
        f"Start-up: python -m bot against a bare python-telegram-bot application "
        f"(median of {figures.runs} starts each)"
    )
    return Outcome(
        name="startup",
        table=table(title, ["figure", "ours", "bare", "target", "result"], rows),
        passed=time_ok and rss_ok,
        figures=asdict(figures)
        | {"time_ratio": figures.time_ratio, "rss_ratio": figures.rss_ratio},
    )
