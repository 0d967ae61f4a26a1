"""Issue 16: `/report`, a 90-day PDF for a user with 1,000 entries.

The report is made the way the button handler makes it (`bot.diary.report.make_report`:
the entries read in a worker thread, figures, chart and PDF in the drawing process of
`bot.core.rendering`), against a real database, in three settings:

- cold renderer: the first report in a fresh process that has imported the bot as
  `python -m bot` does (so neither matplotlib nor fpdf2, which the drawing process
  loads); the import time is printed beside it, and the time to start the drawing
  process, which `/report` starts while its options are on screen (`Renderer.warm`);
- warm renderer: reports after the first, with the same drawing process;
- the event-loop stall other users would feel meanwhile: a probe task on the same loop
  sleeps 5 ms again and again and records how late it wakes; the worst overshoot
  while reports render (cold and warm) is the figure.
"""

from __future__ import annotations

import asyncio
import io
import multiprocessing
import random
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dt_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.report import Outcome, number, row, table
from bench.stall import TICK, StallProbe
from bench.stats import percentile
from bot.core.rendering import Renderer

ENTRIES = 1000
DAYS = 90
USER_ID = 160_000_001
OTHER_USER_ID = 160_000_002
ZONE = "Europe/Berlin"
NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
WARM_RUNS = 10
TARGET_RENDER_S = 1.5
TARGET_STALL_MS = 20.0


def _seed(database: Path, entries: int) -> None:
    """The user's entries over the last 90 days, with every detail varied, and a
    neighbour's, so the query has someone else's rows to pass over."""
    from bot.core.database import open_database
    from bot.core.users import UserStore
    from bot.diary.store import DiaryStore
    from bot.diary.vocabulary import Muscle, Side, Trigger, WhenKind

    rng = random.Random(16)
    db = open_database(database)
    store = DiaryStore(db)
    today = date(2026, 3, 2)
    for user in (USER_ID, OTHER_USER_ID):
        UserStore(db).ensure(user, user, NOW, ZONE, dt_time(9, 0))
    with db.atomic():
        for index in range(entries * 2):
            user = USER_ID if index % 2 == 0 else OTHER_USER_ID
            day = today - timedelta(days=rng.randrange(DAYS))
            moment = datetime(day.year, day.month, day.day, rng.randrange(24), tzinfo=UTC)
            entry, _ = store.add(
                user,
                index + 1,
                moment,
                day,
                rng.choice(list(Muscle)),
                rng.choice(list(Side)),
                rng.randint(1, 3),
            )
            store.set_when(user, entry.id, rng.choice(list(WhenKind)), moment, day)
            if rng.random() < 0.6:
                store.set_woke(user, entry.id, rng.random() < 0.5)
            if rng.random() < 0.5:
                store.set_trigger(user, entry.id, rng.choice(list(Trigger)), on=True)
    db.close()


async def _reports(
    database: Path, runs: int, renderer: Renderer
) -> tuple[list[float], list[float], int, int]:
    """`runs` reports back to back under the probe: seconds each, overshoots, pages."""
    from pypdf import PdfReader

    from bot.config import DEFAULT_CONTENT_DIR
    from bot.core.database import Reads, open_database
    from bot.diary.paper import Paper
    from bot.diary.report import make_report
    from bot.diary.report_figures import ReportPeriod
    from bot.knowledge.content import load_catalogue

    db = open_database(database)
    reads = Reads(database)
    catalogue = load_catalogue(DEFAULT_CONTENT_DIR)
    seconds: list[float] = []
    pdf = b""
    async with StallProbe() as probe:
        await asyncio.sleep(TICK * 4)
        for _ in range(runs):
            started = time.perf_counter()
            report = await make_report(
                reads,
                catalogue,
                USER_ID,
                ZoneInfo(ZONE),
                NOW,
                ReportPeriod.LAST_90,
                Paper.A4,
                "Bench User",
                renderer,
            )
            seconds.append(time.perf_counter() - started)
            if report is None:
                raise RuntimeError("the bench diary made no report")
            pdf = report.pdf
        await asyncio.sleep(TICK * 4)
    reads.close()
    db.close()
    return seconds, probe.overshoots_ms, len(PdfReader(io.BytesIO(pdf)).pages), len(pdf)


async def _start_drawing(renderer: Renderer) -> float:
    """As `/report` does when it shows its options: the seconds until a drawing could start."""
    started = time.perf_counter()
    renderer.warm()
    await renderer.run(int)
    return time.perf_counter() - started


async def _first(
    database: Path, renderer: Renderer
) -> tuple[float, tuple[list[float], list[float], int, int]]:
    return await _start_drawing(renderer), await _reports(database, 1, renderer)


def _cold(database: Path) -> dict[str, Any]:
    """In a fresh process: import the bot as `python -m bot` does, then one report."""
    started = time.perf_counter()
    from bot.app import prepare_to_serve  # the imports `python -m bot` pays before it serves

    imported = time.perf_counter() - started
    prepare_to_serve()
    renderer = Renderer()
    try:
        start_s, (seconds, overshoots, pages, size) = asyncio.run(_first(database, renderer))
    finally:
        renderer.shutdown()
    return {
        "import_s": imported,
        "start_s": start_s,
        "first_report_s": seconds[0],
        "worst_stall_ms": max(overshoots, default=float("nan")),
        "pages": pages,
        "bytes": size,
    }


@dataclass(frozen=True)
class Figures:
    entries: int
    cold_import_s: float
    cold_start_s: float
    cold_report_s: float
    cold_stall_ms: float
    warm_median_s: float
    warm_max_s: float
    warm_stall_ms: float
    warm_stall_p99_ms: float
    warm_stalls_over_20ms: int
    idle_stall_ms: float
    pages: int
    pdf_bytes: int


async def _idle_probe(seconds: float) -> float:
    async with StallProbe() as probe:
        await asyncio.sleep(seconds)
    return probe.max_ms


async def run(scale: float) -> Outcome:
    entries = max(100, round(ENTRIES * scale))
    with tempfile.TemporaryDirectory(prefix="bench-report-") as directory:
        database = Path(directory) / "bot.sqlite3"
        _seed(database, entries)
        # Not a multiprocessing.Pool: its daemonic workers could not start a drawing process.
        spawn = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=1, mp_context=spawn) as pool:
            cold = pool.submit(_cold, database).result()
        from bot.app import prepare_to_serve

        prepare_to_serve()  # as `python -m bot` does before it serves
        idle = await _idle_probe(1.0)
        renderer = Renderer()
        try:
            await _reports(database, 1, renderer)  # start the drawing process
            warm, overshoots, pages, size = await _reports(database, WARM_RUNS, renderer)
        finally:
            renderer.shutdown()
    figures = Figures(
        entries=entries,
        cold_import_s=cold["import_s"],
        cold_start_s=cold["start_s"],
        cold_report_s=cold["first_report_s"],
        cold_stall_ms=cold["worst_stall_ms"],
        warm_median_s=statistics.median(warm),
        warm_max_s=max(warm),
        warm_stall_ms=max(overshoots),
        warm_stall_p99_ms=percentile(overshoots, 99),
        warm_stalls_over_20ms=sum(1 for late in overshoots if late > TARGET_STALL_MS),
        idle_stall_ms=idle,
        pages=pages,
        pdf_bytes=size,
    )
    cold_ok = figures.cold_report_s <= TARGET_RENDER_S
    warm_ok = figures.warm_max_s <= TARGET_RENDER_S
    stall_ok = max(figures.cold_stall_ms, figures.warm_stall_ms) <= TARGET_STALL_MS
    pages_ok = pages in (1, 2)
    render = f"<= {TARGET_RENDER_S}"
    stall = f"<= {TARGET_STALL_MS:.0f}"
    rows = [
        row("cold: importing the bot, as python -m bot does (s)", number(figures.cold_import_s, 2)),
        row(
            "cold: starting the drawing process, as /report does (s)",
            number(figures.cold_start_s, 2),
        ),
        row(
            "cold: first report, in a new drawing process (s)",
            number(figures.cold_report_s, 2),
            target=render,
            passed=cold_ok,
        ),
        row(
            "cold: worst event-loop stall meanwhile (ms)",
            number(figures.cold_stall_ms, 1),
            target=stall,
            passed=figures.cold_stall_ms <= TARGET_STALL_MS,
        ),
        row(f"warm: median of {WARM_RUNS} reports (s)", number(figures.warm_median_s, 2)),
        row(
            f"warm: slowest of {WARM_RUNS} reports (s)",
            number(figures.warm_max_s, 2),
            target=render,
            passed=warm_ok,
        ),
        row(
            "warm: worst event-loop stall meanwhile (ms)",
            number(figures.warm_stall_ms, 1),
            target=stall,
            passed=figures.warm_stall_ms <= TARGET_STALL_MS,
        ),
        row("warm: event-loop stall p99 (ms)", number(figures.warm_stall_p99_ms, 1)),
        row("warm: stalls over 20 ms", str(figures.warm_stalls_over_20ms)),
        row("idle loop: worst probe overshoot, for comparison (ms)", number(idle, 1)),
        row("pages (PDF size)", f"{pages} ({size:,} bytes)", target="1 or 2", passed=pages_ok),
    ]
    title = (
        f"/report: a 90-day PDF for a user with {entries} entries (A4, name on), "
        f"probe sleeping {TICK * 1000:.0f} ms"
    )
    return Outcome(
        name="report",
        table=table(title, ["figure", "value", "target", "result"], rows),
        passed=cold_ok and warm_ok and stall_ok and pages_ok,
        figures=asdict(figures),
    )
