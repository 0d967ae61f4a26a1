"""The loop-stall probe: how long the event loop was kept from running a task.

A task sleeps 5 ms again and again and records how late each wake-up came. Any
synchronous step on the loop (a query, a chart, a commit) shows as an overshoot of
that length, whichever user's update it delayed. Run it in the process whose loop is
measured, beside the work.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from types import TracebackType
from typing import Any

from bench.stats import percentile

TICK = 0.005
TARGET_MS = 20.0
"""The project's target: no stall over 20 ms, whatever the bot is doing."""


@dataclass(frozen=True)
class Stalls:
    """What a probe saw, in a form that crosses a pipe or a file as plain JSON."""

    max_ms: float
    p99_ms: float
    over_target: int
    samples: int

    @classmethod
    def of(cls, overshoots_ms: list[float]) -> Stalls:
        return cls(
            max_ms=max(overshoots_ms, default=0.0),
            p99_ms=percentile(overshoots_ms, 99) if overshoots_ms else 0.0,
            over_target=sum(1 for late in overshoots_ms if late > TARGET_MS),
            samples=len(overshoots_ms),
        )

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Stalls:
        return cls(**data)

    @classmethod
    def worst(cls, many: Iterable[Stalls]) -> Stalls:
        """Several processes' figures as one: the worst max and p99, the stalls summed."""
        many = list(many)
        return cls(
            max_ms=max((s.max_ms for s in many), default=0.0),
            p99_ms=max((s.p99_ms for s in many), default=0.0),
            over_target=sum(s.over_target for s in many),
            samples=sum(s.samples for s in many),
        )

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def passed(self) -> bool:
        return self.samples > 0 and self.max_ms <= TARGET_MS

    def cell(self) -> str:
        """max / p99 / count over 20 ms, for a table."""
        if not self.samples or math.isnan(self.max_ms):
            return "n/a"
        return f"{self.max_ms:.1f} / {self.p99_ms:.1f} / {self.over_target}"


STALL_FIGURE = f"loop stall max / p99 (ms) / count over {TARGET_MS:.0f} ms"
STALL_TARGET = f"max <= {TARGET_MS:.0f}"


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

    def reset(self) -> None:
        """Forget what was seen so far: measure from here."""
        self.overshoots_ms = []

    def figures(self) -> Stalls:
        """Safe from another thread: the list is only ever appended to or replaced."""
        return Stalls.of(list(self.overshoots_ms))

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
