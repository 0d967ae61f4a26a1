"""Telegram's speed limits, applied to bulk sends only.

Telegram allows a bot about 30 messages a second in total and about one a second per
chat; going faster earns 429 "Too Many Requests" answers. Those limits are about bulk
notifications, so only requests marked with `BULK` (through the `rate_limit_args` that
every Bot method accepts) are paced. Interactive replies go straight through, or the
bot would answer a busy chat at 30 replies a second. A `RetryAfter` on a bulk request
pauses bulk requests only, for the time Telegram asks, then they retry; replies and
button answers go on meanwhile (one that is itself refused waits out its own retry),
so a daily run that hit flood control never holds another user's reply.

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

The limiter is built on python-telegram-bot's public `BaseRateLimiter` contract only.
Its pacing reads the time and waits through a `Timer` (real time in the bot, virtual
time in its unit tests), and flood-control pauses through an injected `sleep`, so no
test of it depends on how fast the machine is.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import warnings
from collections import deque
from collections.abc import AsyncIterator, Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.clock import Sleep
from bot.core import updates

BULK_MESSAGES_PER_SECOND = 30
CHAT_INTERVAL_SECONDS = 1.0
MAX_RETRIES = 3
RETRY_MARGIN_SECONDS = 0.1
PRUNE_CHATS_ABOVE = 4096

JSONDict = dict[str, Any]
Monotonic = Callable[[], float]
Result = bool | JSONDict | list[JSONDict]


@dataclass(frozen=True, slots=True)
class Timer:
    """How pacing reads the time and waits until a moment."""

    sleep: Sleep = asyncio.sleep
    now: Monotonic = time.monotonic


REAL_TIME = Timer()


class FloodGuard:
    """At most `limit` requests in any `period` as the server sees them, evenly spaced.

    `async with guard.slot():` around one request. Entrants are served in order; each
    waits for its slot on the schedule and for the request `limit` places earlier to
    have finished a full `period` ago. A failed request still counts, which errs safe.
    """

    __slots__ = ("_finished", "_limit", "_next_slot", "_now", "_period", "_sleep", "_turn")

    def __init__(self, limit: int, period: float = 1.0, timer: Timer = REAL_TIME) -> None:
        self._limit = limit
        self._period = period
        self._sleep = timer.sleep
        self._now = timer.now
        self._next_slot = 0.0
        self._turn = asyncio.Lock()
        self._finished: deque[asyncio.Future[float]] = deque()

    async def _sleep_until(self, deadline: float) -> None:
        delay = deadline - self._now()
        if delay > 0:
            await self._sleep(delay)

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        mine: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        try:
            async with self._turn:
                if len(self._finished) >= self._limit:
                    finished_at = await asyncio.shield(self._finished[0])
                    await self._sleep_until(finished_at + self._period)
                    self._finished.popleft()
                slot = max(self._now(), self._next_slot)
                self._next_slot = slot + self._period / self._limit
                self._finished.append(mine)
                await self._sleep_until(slot)
            yield
        finally:
            if not mine.done():
                mine.set_result(self._now())


class ChatSpacing:
    """At most one bulk message per `interval` to any one chat.

    Each message books the chat's next free moment before it waits, so concurrent sends
    to one chat queue up in order. Chats whose last booking has passed are forgotten once
    there are many, so a million recipients do not leave a million entries behind.
    """

    __slots__ = ("_interval", "_next", "_now", "_sleep")

    def __init__(self, interval: float, timer: Timer = REAL_TIME) -> None:
        self._interval = interval
        self._sleep = timer.sleep
        self._now = timer.now
        self._next: dict[object, float] = {}

    async def wait_turn(self, chat_id: object) -> None:
        now = self._now()
        if len(self._next) > PRUNE_CHATS_ABOVE:
            self._next = {chat: at for chat, at in self._next.items() if at > now}
        turn = max(now, self._next.get(chat_id, now))
        self._next[chat_id] = turn + self._interval
        if turn > now:
            await self._sleep(turn - now)


@dataclass(frozen=True, slots=True)
class Bulk:
    """`rate_limit_args` for a request that is one of many (daily tips, broadcasts).

    `before_send`, if given, runs once the request holds its rate slots, immediately
    before each attempt goes out; if it raises, the request is not sent. Broadcasts
    and daily tips claim their recipient there (`sending.Claim`), so a claim never sits
    waiting for a slot. `after_refusal` runs as soon as Telegram refuses an attempt
    with a 429, before the pause: the claim is given back, so it does not sit through
    the pause either, and the next attempt claims again.
    """

    before_send: Callable[[], None] | None = None
    after_refusal: Callable[[], None] | None = None
    paid: bool = False
    """A paid broadcast (`allow_paid_broadcast`): paced at `PAID_MESSAGES_PER_SECOND`."""


BULK = Bulk()
PAID_MESSAGES_PER_SECOND = 1000
"""Telegram's limit for messages sent with `allow_paid_broadcast` (0.1 Star each)."""


def retry_seconds(error: RetryAfter) -> float:
    """The pause Telegram asked for, whichever type PTB's settings make `retry_after`."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PTB warns that the int form is deprecated
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class BulkAwareRateLimiter(BaseRateLimiter[Bulk]):
    """Telegram's overall and per-chat limits, applied to `BULK` requests only.

    A `RetryAfter` on a bulk request pauses every bulk request until it ends, and a bulk
    request waits out a pause *before* it takes a rate slot, so no backlog bursts out
    when the pause ends. Interactive requests never wait on that pause.
    """

    __slots__ = ("_chats", "_guard", "_max_retries", "_paid_guard", "_resume", "_sleep")

    def __init__(
        self,
        bulk_per_second: int = BULK_MESSAGES_PER_SECOND,
        chat_interval: float = CHAT_INTERVAL_SECONDS,
        max_retries: int = MAX_RETRIES,
        sleep: Sleep = asyncio.sleep,
        pacing: Timer = REAL_TIME,
    ) -> None:
        self._guard = FloodGuard(bulk_per_second, 1.0, pacing) if bulk_per_second > 0 else None
        self._paid_guard = (
            FloodGuard(PAID_MESSAGES_PER_SECOND, 1.0, pacing) if bulk_per_second > 0 else None
        )
        self._chats = ChatSpacing(chat_interval, pacing) if chat_interval > 0 else None
        self._max_retries = max_retries
        self._sleep = sleep
        self._resume = asyncio.Event()
        self._resume.set()

    async def initialize(self) -> None:
        """Nothing to set up: the limiter holds no connections."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Bulk | None,
    ) -> Result:
        if not isinstance(rate_limit_args, Bulk):
            return await self._interactive(callback, args, kwargs)
        chat_id = data.get("chat_id")
        if self._chats is not None and chat_id is not None:
            # One chat turn per message, however many attempts it takes: a refused
            # attempt delivered nothing, and the pause already spaces the retries.
            await self._chats.wait_turn(chat_id)
        guard = self._paid_guard if rate_limit_args.paid else self._guard
        return await self._attempts(callback, args, kwargs, guard, rate_limit_args)

    async def _interactive(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
    ) -> Result:
        """Straight through; a 429 on this very request is waited out by it alone."""
        attempt = 0
        while True:
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == self._max_retries:
                    raise
                attempt += 1
                async with updates.waiting():
                    await self._sleep(retry_seconds(exc) + RETRY_MARGIN_SECONDS)

    async def _attempts(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        guard: FloodGuard | None,
        bulk: Bulk,
    ) -> Result:
        """Send, retrying after each RetryAfter; each attempt takes an overall slot.

        A slot that comes due during a pause is given up, so the end of a pause releases
        requests at the paced rate, not in a burst.
        """
        attempt = 0
        while True:
            await self._resume.wait()
            async with guard.slot() if guard else contextlib.nullcontext():
                if not self._resume.is_set():
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
                    await self._pause(retry_seconds(exc) + RETRY_MARGIN_SECONDS)

    async def _pause(self, seconds: float) -> None:
        """Hold every bulk request; a 429 seen during a pause just waits for it to end."""
        if not self._resume.is_set():
            await self._resume.wait()
            return
        self._resume.clear()
        try:
            await self._sleep(seconds)
        finally:
            self._resume.set()
