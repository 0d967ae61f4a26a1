"""Charts and PDFs drawn in a process of their own, so they never hold the event loop.

Drawing is pure CPU work under the GIL. In a worker thread it still took the GIL from
the loop's thread at each of the loop's system calls: a /stats chart stalled every other
chat for 48-81 ms. A process has its own GIL, so the loop only waits for the result.

The pool is made on first use (most runs of the bot draw nothing for hours) and shut
down when the bot stops. Its one worker is forked from a "forkserver" that has imported
matplotlib and fpdf2 once: the first drawing pays that import (about a second), every
later worker, after a stop or a crash, starts in milliseconds. The bot process itself
never imports them (they were half of its start-up time and a third of its memory).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")

WORKERS = 1
"""One drawing at a time: the machine's other core belongs to the event loop."""
PRELOAD = [
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "PIL.Image",
    "fpdf",
    "bot.diary.report_pdf",
]


class Renderer:
    """`await renderer.run(function, *args)`: `function(*args)` in the drawing process.

    The function and its arguments travel by pickle, so the function must be a
    module-level one (`charts.cramps_per_day_png`, `report_pdf.render`).
    """

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._starting = asyncio.Lock()
        self._warming: asyncio.Task[ProcessPoolExecutor] | None = None

    async def _started(self) -> ProcessPoolExecutor:
        """Starting the worker (and the forkserver, the first time) blocks for up to a
        second, so it happens in a thread; once its one worker runs, submitting never
        starts another."""
        async with self._starting:
            if self._pool is None:
                self._pool = await asyncio.to_thread(_start_pool)
        return self._pool

    def warm(self) -> None:
        """Start the drawing process now, in the background, when a drawing is likely to
        be asked for soon (the /report options are on screen): the first report then
        does not wait for it."""
        if self._pool is None and self._warming is None:
            self._warming = asyncio.get_running_loop().create_task(self._started())

    async def run(self, function: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(await self._started(), function, *args)
        except BrokenProcessPool:
            # The worker died (killed for memory, say): a new pool for this and later drawings.
            self.shutdown()
            return await loop.run_in_executor(await self._started(), function, *args)

    async def close(self) -> None:
        """`shutdown`, once a start in the background (`warm`) has finished."""
        if self._warming is not None:
            with contextlib.suppress(Exception):  # it failed: there is nothing to stop
                await self._warming
        self.shutdown()

    def shutdown(self) -> None:
        """Waits for a drawing in progress; drawings not started yet are cancelled."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._warming = None


def _start_pool() -> ProcessPoolExecutor:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    # Frozen, the preloaded libraries are left out of every later collection, so the one
    # after each chart (`bot.diary.charts`) looks only at what the drawing made.
    pool = ProcessPoolExecutor(max_workers=WORKERS, mp_context=context, initializer=gc.freeze)
    pool.submit(int).result()
    return pool
