"""Our bot's side of the schedule bench, run in a process of its own.

Built by the real `build_application` and run as `python -m bot` runs it; the bench
times one scheduled run (every kind due), the code the JobQueue job calls each minute,
with the loop-stall probe beside it. Resident memory is measured here, so it is the
bot's alone.
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.bot_process import TOKEN, running_application
from bench.daily_bot import FixedClock
from bench.stall import StallProbe
from bot.app import build_application
from bot.config import load_config


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
        "stall_max_ms": probe.max_ms,
        "stall_p99_ms": probe.p99_ms,
    }


def deliver(url: str, db_path: Path, per_second: float, at: datetime | None = None) -> Any:
    """Deliver every due scheduled message once, at `per_second` (0: unpaced), as of `at`."""
    return asyncio.run(_deliver(url, db_path, per_second, at))
