"""Our bot's side of the daily-tip and schedule benches, run in a process of its own.

The bot is built by the real `build_application` and run the way `python -m bot`
runs it; the bench then times one scheduled run (every kind due), the same code the
JobQueue job calls every minute. The process's resident memory is measured here, so
it is the bot's alone.
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.bot_process import TOKEN, running_application
from bench.stall import StallProbe
from bot.app import build_application, prepare_to_serve
from bot.config import load_config


class FixedClock:
    """The bot's clock when the bench chooses the moment (the busiest minute)."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


def _rss_mb() -> tuple[float, float]:
    """Current and peak resident memory of this process, in MB."""
    fields = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


async def _deliver(url: str, db_path: Path, per_second: float, at: datetime | None) -> Any:
    config = load_config(
        telegram_bot_token=TOKEN,
        telegram_api_url=url,
        database_path=db_path,
        bulk_messages_per_second=per_second,
    )
    app = build_application(config, clock=FixedClock(at) if at else None)
    assert app.job_queue is not None
    for job in app.job_queue.jobs():
        job.enabled = False  # the bench runs the delivery itself, once
    prepare_to_serve()  # as `python -m bot` does before it serves
    async with running_application(app), StallProbe() as probe:
        started = time.perf_counter()
        report = await app.bot_data.scheduler.run()
        elapsed = time.perf_counter() - started
    rss, peak = _rss_mb()
    return {
        "seconds": elapsed,
        "report": report.counts if report else None,
        "rss_mb": rss,
        "peak_rss_mb": peak,
        "stalls": probe.figures().as_json(),
    }


def deliver(url: str, db_path: Path, per_second: float, at: datetime | None = None) -> Any:
    """Deliver every due scheduled message once, at `per_second` (0: unpaced), as of `at`
    or now."""
    return asyncio.run(_deliver(url, db_path, per_second, at))
