"""The loop-stall probe: how long the event loop was kept from running a task.

A task sleeps 5 ms again and again and records how late each wake-up came. Any
synchronous step on the loop (a query, a chart, a commit) shows as an overshoot of
that length, whichever user's update it delayed. Run it in the process whose loop is
measured, beside the work.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from types import TracebackType

from bench.stats import percentile

TICK = 0.005


class StallProbe:
    """`async with StallProbe() as probe:` around the work; then `probe.max_ms`."""

    def __init__(self, tick: float = TICK) -> None:
        self._tick = tick
        self._task: asyncio.Task[None] | None = None
        self.overshoots_ms: list[float] = []

    async def _watch(self) -> None:
        while True:
            asked = time.perf_counter()
            await asyncio.sleep(self._tick)
            self.overshoots_ms.append((time.perf_counter() - asked - self._tick) * 1000)

    def start(self) -> None:
        self.overshoots_ms.clear()
        self._task = asyncio.get_running_loop().create_task(self._watch())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def __aenter__(self) -> StallProbe:
        self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def max_ms(self) -> float:
        return max(self.overshoots_ms, default=0.0)

    @property
    def p99_ms(self) -> float:
        return percentile(self.overshoots_ms, 99)

    def over(self, threshold_ms: float) -> int:
        """How many wake-ups came more than `threshold_ms` late."""
        return sum(1 for late in self.overshoots_ms if late > threshold_ms)
