"""Virtual time for code that paces itself: sleeps end when the test moves time, not later.

`VirtualTime.run` drives coroutines to completion: whenever every task is blocked on a
virtual sleep, time jumps to the earliest wake-up. Nothing waits in real time, so the
tests that use it do not depend on how fast the machine is.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Awaitable
from typing import Any

from bot.core.ratelimit import Timer

IDLE_ROUNDS = 20
"""Event-loop turns with nothing woken before time may jump: enough for any chain of
`await`s between two sleeps in the code under test (none of it does real I/O)."""


class VirtualTime:
    def __init__(self) -> None:
        self.current = 0.0
        self._wakeups: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def now(self) -> float:
        return self.current

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        wake: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._wakeups, (self.current + seconds, next(self._order), wake))
        await wake

    @property
    def timer(self) -> Timer:
        return Timer(sleep=self.sleep, now=self.now)

    async def run(self, *work: Awaitable[Any]) -> list[Any]:
        everything = asyncio.gather(*work)
        while not everything.done():
            for _ in range(IDLE_ROUNDS):
                await asyncio.sleep(0)
            if everything.done():
                break
            while self._wakeups and self._wakeups[0][2].cancelled():
                heapq.heappop(self._wakeups)
            if not self._wakeups:
                await asyncio.sleep(0)  # blocked on something else (an event): let it move
                continue
            at, _, wake = heapq.heappop(self._wakeups)
            self.current = max(self.current, at)
            wake.set_result(None)
        return everything.result()
