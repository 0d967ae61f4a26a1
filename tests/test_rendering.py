"""The drawing process: charts and PDFs drawn off the event loop, and the heavy libraries
kept out of the bot's own process."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures.process import BrokenProcessPool
from datetime import date, timedelta

import pytest

from bot.core.rendering import Renderer
from bot.diary import charts
from bot.diary.stats import DayCount
from tests.bot_process import PROJECT_ROOT

HEAVY = ("matplotlib", "fpdf", "timezonefinder", "numpy", "aiohttp")


async def test_a_chart_is_drawn_in_the_drawing_process() -> None:
    days = [DayCount(date(2026, 3, 1) + timedelta(days=n), n % 2, 1, 0) for n in range(30)]
    renderer = Renderer()
    try:
        png = await renderer.run(charts.cramps_per_day_png, days)
        worker = await renderer.run(os.getpid)
    finally:
        renderer.shutdown()
    assert png.startswith(b"\x89PNG")
    assert worker != os.getpid()


async def test_a_worker_that_dies_is_replaced_for_the_next_drawing() -> None:
    renderer = Renderer()
    try:
        with pytest.raises(BrokenProcessPool):
            await renderer.run(os._exit, 1)
        assert await renderer.run(pow, 2, 10) == 1024
    finally:
        renderer.shutdown()


def test_the_bot_starts_without_the_heavy_libraries() -> None:
    """matplotlib and fpdf2 load in the drawing process, timezonefinder (and numpy) on the
    first shared location, aiohttp only for a webhook: none of them at start."""
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, bot.__main__, bot.core.serve, bot.app; "
            f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() == ""


async def test_warming_starts_the_process_before_the_first_drawing() -> None:
    renderer = Renderer()
    renderer.warm()
    renderer.warm()  # a second /report before the first start ends starts nothing more
    try:
        assert await renderer.run(pow, 3, 3) == 27
    finally:
        await renderer.close()


async def test_closing_waits_for_a_start_in_the_background() -> None:
    renderer = Renderer()
    renderer.warm()
    await renderer.close()
    assert await renderer.run(pow, 2, 3) == 8  # a closed renderer starts again if asked
    await renderer.close()
