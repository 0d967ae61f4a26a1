"""Telegram's flood control, as a fault hook of the fake server.

Senders that ignore `retry_after` must show up in a bench as 429s and lost time, just
as they would against Telegram, so the limit is enforced on the server side.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Any

from bench.options import RateLimit
from tests.fake_bot_api import TelegramFault


class RateLimiter:
    """A sliding window over the calls the server let through."""

    def __init__(self, limit: RateLimit, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.rejected = 0
        self._clock = clock
        self._accepted: deque[float] = deque()

    def __call__(self, method: str, params: dict[str, Any]) -> None:
        if method not in self.limit.methods:
            return
        now = self._clock()
        while self._accepted and self._accepted[0] <= now - self.limit.window:
            self._accepted.popleft()
        if len(self._accepted) >= self.limit.limit:
            self.rejected += 1
            retry_after = self.limit.retry_after
            raise TelegramFault(
                429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after
            )
        self._accepted.append(now)
