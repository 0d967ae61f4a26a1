"""Telegram's speed limits, applied to bulk sends only.

Telegram allows a bot about 30 messages a second in total and about one a second per
chat; going faster earns 429 "Too Many Requests" answers. Those limits are about bulk
notifications, so only requests marked with `BULK` (through the `rate_limit_args` that
every Bot method accepts) are paced. Interactive replies go straight through, or the
bot would answer a busy chat at 30 replies a second. A `RetryAfter` is honoured for
every request: all requests pause for the time Telegram asks, then retry.

Why the overall limit is our own `FloodGuard` and not aiolimiter's leaky bucket,
which `AIORateLimiter` uses: with `max_rate=30` an idle bucket lets 30 requests through
at once and then drips 30 a second, so the first second carries up to 60 and Telegram
(or the benchmark's fake server, which counts a sliding one-second window) answers
429. A bucket of capacity 1 spaces requests but drifts: each wake-up comes a little
late and the lateness adds up (29 a second measured 28.3, too slow for the 1.05x
target on 10,000 messages). Even exact spacing is not enough on its own: the server
counts requests when they *arrive*, and one request held up for a few tens of
milliseconds (a busy machine, a garbage collection) lands in the same second as the
next 30. `FloodGuard` therefore spaces requests on an absolute schedule (no drift)
and also lets request n start only a full second after request n-30 *finished*: the
server saw n-30 before that, so it can never see 31 within one second, however
late anything is. The cost is about one round trip per 30 messages.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram._utils.types import JSONDict
from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter

from bot.clock import Sleep

BULK_MESSAGES_PER_SECOND = 30
CHAT_INTERVAL_SECONDS = 1.0
MAX_RETRIES = 3
RETRY_MARGIN_SECONDS = 0.1


async def _sleep_until(deadline: float) -> None:
    delay = deadline - asyncio.get_running_loop().time()
    if delay > 0:
        await asyncio.sleep(delay)


class FloodGuard:
    """At most `limit` requests in any `period` as the server sees them, evenly spaced.

    `async with guard.slot():` around one request. Entrants are served in order; each
    waits for its slot on the schedule and for the request `limit` places earlier to
    have finished a full `period` ago. A failed request still counts, which errs safe.
    """

    __slots__ = ("_finished", "_limit", "_next_slot", "_period", "_turn")

    def __init__(self, limit: int, period: float = 1.0) -> None:
        self._limit = limit
        self._period = period
        self._next_slot = 0.0
        self._turn = asyncio.Lock()
        self._finished: deque[asyncio.Future[float]] = deque()

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        loop = asyncio.get_running_loop()
        mine: asyncio.Future[float] = loop.create_future()
        try:
            async with self._turn:
                if len(self._finished) >= self._limit:
                    finished_at = await asyncio.shield(self._finished[0])
                    await _sleep_until(finished_at + self._period)
                    self._finished.popleft()
                slot = max(loop.time(), self._next_slot)
                self._next_slot = slot + self._period / self._limit
                self._finished.append(mine)
                await _sleep_until(slot)
            yield
        finally:
            if not mine.done():
                mine.set_result(loop.time())


@dataclass(frozen=True, slots=True)
class Bulk:
    """`rate_limit_args` for a request that is one of many (daily tips, broadcasts).

    `before_send`, if given, runs once the request holds its rate slots, immediately
    before each attempt goes out; if it raises, the request is not sent. Broadcasts
    and daily tips claim their recipient there, so a claim never sits waiting for a
    slot (see `bot.admin.broadcasting`). `after_refusal` runs as soon as Telegram refuses an
    attempt with a 429, before the pause: the claim is given back, so it does not sit
    through the pause either, and the next attempt claims again.
    """

    before_send: Callable[[], None] | None = None
    after_refusal: Callable[[], None] | None = None


BULK = Bulk()


class BulkAwareRateLimiter(AIORateLimiter):
    """`AIORateLimiter` whose overall and per-chat limits apply to `BULK` requests only.

    It reuses AIORateLimiter's per-group limiter as the per-chat one for bulk requests
    (private chats included) and its pause event; the overall limit is a `FloodGuard` (see
    the module notes). The request path is our own for three reasons: the wait is an
    injected `sleep`, so tests do not really wait; a pause holds every request until it
    ends (AIORateLimiter's ends as soon as any request finishes); and a request waits
    out a pause *before* it takes a rate slot, so no backlog bursts out when the pause
    ends. It reads AIORateLimiter's private
    attributes, which is why PTB is pinned below 23.
    """

    __slots__ = ("_guard", "_sleep")

    def __init__(
        self,
        bulk_per_second: int = BULK_MESSAGES_PER_SECOND,
        chat_interval: float = CHAT_INTERVAL_SECONDS,
        max_retries: int = MAX_RETRIES,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        super().__init__(
            overall_max_rate=0,
            group_max_rate=1 if chat_interval > 0 else 0,
            group_time_period=chat_interval,
            max_retries=max_retries,
        )
        self._guard = FloodGuard(bulk_per_second) if bulk_per_second > 0 else None
        self._sleep = sleep

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Any,
    ) -> bool | JSONDict | list[JSONDict]:
        if not isinstance(rate_limit_args, Bulk):
            return await self._attempts(callback, args, kwargs, paced=False, bulk=BULK)
        chat_id = data.get("chat_id")
        per_chat = (
            self._get_group_limiter(chat_id)
            if chat_id is not None and self._group_max_rate
            else contextlib.nullcontext()
        )
        # One chat slot per message, however many attempts it takes: a refused attempt
        # delivered nothing, and the pause already spaces the retries.
        async with per_chat:
            return await self._attempts(callback, args, kwargs, paced=True, bulk=rate_limit_args)

    async def _attempts(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        paced: bool,
        bulk: Bulk,
    ) -> bool | JSONDict | list[JSONDict]:
        """Send, retrying after each RetryAfter; each attempt takes an overall slot.

        A request waits out a pause before it takes a slot, and a slot that comes due
        during a pause is given up, so the end of a pause releases requests at the
        paced rate, not in a burst.
        """
        guard = self._guard if paced else None
        attempt = 0
        while True:
            await self._retry_after_event.wait()
            async with guard.slot() if guard else contextlib.nullcontext():
                if not self._retry_after_event.is_set():
                    continue
                if bulk.before_send is not None:
                    bulk.before_send()
                try:
                    return await callback(*args, **kwargs)
                except RetryAfter as exc:
                    if bulk.after_refusal is not None:
                        bulk.after_refusal()
                    if attempt == self._max_retries:
                        raise
                    attempt += 1
                    await self._pause(exc._retry_after.total_seconds() + RETRY_MARGIN_SECONDS)

    async def _pause(self, seconds: float) -> None:
        """Hold every request; a 429 seen during a pause just waits for it to end."""
        if not self._retry_after_event.is_set():
            await self._retry_after_event.wait()
            return
        self._retry_after_event.clear()
        try:
            await self._sleep(seconds)
        finally:
            self._retry_after_event.set()
