"""Sending to many chats: the path daily tips and admin broadcasts share.

Every request is marked `BULK`, so the rate limiter paces it at Telegram's limits, and
a fixed pool of workers sends at once no more than `concurrency` messages, so a burst
never exhausts the HTTP connection pool (python-telegram-bot #3950). Each answer is
sorted into what the caller must do next: record it, forget the user, try again later,
or give up on this message. A user who blocked the bot, or whose chat is gone, is
marked blocked and unsubscribed here, once, for every caller.

Faults, and which of them may be retried. Telegram has no idempotency key, so a
message may be resent only when Telegram certainly did not act on the request:

- a 429 (flood control) or a 5xx answer: Telegram refused it; retried;
- no connection, a connection dropped before any answer, or a pool, connect or write
  timeout: the request never reached Telegram whole; retried;
- a read timeout (PTB's `TimedOut` caused by `httpx.ReadTimeout`): the request went
  out and the answer did not come back in time. Telegram may well have delivered it,
  so it is *not* resent: the outcome is `UNCONFIRMED`, which callers record as
  delivered (at most once) and count in their reports. A slow answer within the read
  timeout is simply a success.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar

import httpx
from telegram import InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ExtBot
from telegram.request import BaseRequest

from bot.clock import Clock, Sleep
from bot.core.ratelimit import BULK, Bulk
from bot.core.users import UserStore

log = logging.getLogger(__name__)

T = TypeVar("T")
K = TypeVar("K")

# Enough sends in flight to keep the bot and Telegram both busy, few enough that the
# HTTP pool stays cheap: httpcore scans every connection and waiting request for each
# request, so 16 in flight ran 40% slower than 4 (measured with bench/daily.py).
DEFAULT_CONCURRENCY = 4
NETWORK_RETRIES = 2
BACKOFF_SECONDS = 1.0
NO_ANSWER = "no answer from Telegram (read timeout); not resent"
_GONE_CHAT = ("chat not found", "user is deactivated", "bot was kicked")


class ClaimedElsewhere(Exception):
    """Another run, runner or an earlier life of the process holds the claim: do not send."""


class Claim(Generic[K]):
    """Claim-before-send for one recipient, shared by daily tips and broadcasts.

    `take` runs once the send holds its rate slot, right before each attempt goes out
    (`Bulk.before_send`): a claim kept from an earlier attempt stands, and a claim
    someone else holds raises `ClaimedElsewhere`, so the request is not sent.
    `give_back` runs as soon as Telegram certainly did not act (`Bulk.after_refusal`),
    so no claim is held through a retry wait. The store decides what a claim is: a row
    id, or just that a conditional update succeeded.
    """

    __slots__ = ("_release", "_take", "_token")

    def __init__(self, take: Callable[[], K | None], release: Callable[[K], None]) -> None:
        self._take = take
        self._release = release
        self._token: K | None = None

    @property
    def held(self) -> K | None:
        """What the store handed out for the claim; None while no claim is held."""
        return self._token

    def take(self) -> None:
        if self._token is None:
            self._token = self._take()
            if self._token is None:
                raise ClaimedElsewhere

    def give_back(self) -> None:
        if self._token is not None:
            self._release(self._token)
            self._token = None


class Outcome(StrEnum):
    SENT = "sent"
    UNCONFIRMED = "unconfirmed"
    """The request reached Telegram but no answer came back: treated as delivered."""
    BLOCKED = "blocked"
    RETRY_LATER = "retry_later"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class SendResult:
    outcome: Outcome
    message_id: int | None = None
    error: str = ""


def classify(error: TelegramError) -> Outcome:
    """What a failed send means for the recipient.

    Order matters: BadRequest and TimedOut are both NetworkErrors in PTB. Of all the
    timeouts only a read timeout means the request was sent whole (see the module notes).
    """
    if isinstance(error.__cause__, httpx.ReadTimeout):
        return Outcome.UNCONFIRMED
    if isinstance(error, Forbidden):
        return Outcome.BLOCKED
    if isinstance(error, BadRequest):
        message = error.message.lower()
        return Outcome.BLOCKED if any(gone in message for gone in _GONE_CHAT) else Outcome.FAILED
    if isinstance(error, RetryAfter | NetworkError):
        return Outcome.RETRY_LATER
    return Outcome.FAILED


class BulkSender:
    def __init__(
        self,
        bot: ExtBot[Bulk],
        users: UserStore,
        clock: Clock,
        sleep: Sleep,
        room: Callable[[], Awaitable[None]],
        concurrency: int = DEFAULT_CONCURRENCY,
        network_retries: int = NETWORK_RETRIES,
        backoff_seconds: float = BACKOFF_SECONDS,
        read_timeout: float | None = None,
    ) -> None:
        self._bot = bot
        self._users = users
        self._clock = clock
        self._sleep = sleep
        self._room = room
        """Awaited before each recipient (`Checkpoints.room`): every message writes its
        claim, so a long run grows the WAL past its bound, and the WAL can only start
        over while the run's writes pause. Forced over them instead, it held one of the
        run's commits, and so the loop, for 20-40 ms (bench/daily.py)."""
        self.concurrency = concurrency
        self._network_retries = network_retries
        self._backoff = backoff_seconds
        self.read_timeout = read_timeout
        """Seconds to wait for Telegram's answer; None keeps PTB's default (5 s). The
        fault tests shorten it to reach an answer that never comes within a test."""

    async def send(
        self,
        user_id: int,
        chat_id: int,
        text: str,
        markup: InlineKeyboardMarkup | None = None,
        claim: Claim[Any] | None = None,
        silent: bool = False,
        photo: bytes | None = None,
        paid: bool = False,
    ) -> SendResult:
        """Send one bulk message (a photo with `text` as its caption when `photo` is
        given); errors Telegram did not act on are retried with backoff.

        The rate limiter has already retried any RetryAfter, so one that reaches here
        means "not now": the caller keeps the message due. A read timeout is never
        retried (see the module notes). The `claim` is taken right before each attempt
        goes out (`ClaimedElsewhere` propagates) and given back as soon as an attempt
        certainly failed (any outcome that is retried), before any wait, so a crash
        during a retry wait cannot leave a claim on a message that never went out.

        A message that is not `silent` leaves the flag out (Telegram's default): one field
        less to encode in every one of a million requests.

        `paid` sends it as a paid broadcast: Telegram takes 0.1 Star from the bot's
        balance for it and allows 1,000 such messages a second instead of 30.
        """
        if claim is not None:
            limit = Bulk(claim.take, claim.give_back, paid=paid)
        else:
            limit = Bulk(paid=True) if paid else BULK
        read_timeout = BaseRequest.DEFAULT_NONE if self.read_timeout is None else self.read_timeout
        for attempt in range(self._network_retries + 1):
            try:
                if photo is not None:
                    message = await self._bot.send_photo(
                        chat_id,
                        photo,
                        caption=text,
                        reply_markup=markup,
                        disable_notification=silent or None,
                        allow_paid_broadcast=paid or None,
                        rate_limit_args=limit,
                        read_timeout=read_timeout,
                    )
                else:
                    message = await self._bot.send_message(
                        chat_id,
                        text,
                        reply_markup=markup,
                        disable_notification=silent or None,
                        allow_paid_broadcast=paid or None,
                        rate_limit_args=limit,
                        read_timeout=read_timeout,
                    )
                return SendResult(Outcome.SENT, message.message_id)
            except TelegramError as exc:
                outcome = classify(exc)
                if outcome is Outcome.RETRY_LATER and claim is not None:
                    claim.give_back()
                retry = outcome is Outcome.RETRY_LATER and not isinstance(exc, RetryAfter)
                if retry and attempt < self._network_retries:
                    log.info("network error sending to user %s, retrying: %s", user_id, exc)
                    await self._sleep(self._backoff * 2**attempt)
                    continue
                return self._settle(user_id, outcome, exc)
        raise RuntimeError("the retry loop always returns")

    def _settle(self, user_id: int, outcome: Outcome, error: TelegramError) -> SendResult:
        if outcome is Outcome.BLOCKED:
            log.info("user %s is unreachable (%s); unsubscribing", user_id, error.message)
            self._users.mark_blocked(user_id, self._clock.now())
        elif outcome is Outcome.UNCONFIRMED:
            log.warning(
                "no answer from Telegram for the message to user %s (%s); it may have been "
                "delivered, so it is recorded as sent and not resent",
                user_id,
                error,
            )
        elif outcome is Outcome.RETRY_LATER:
            log.warning("could not send to user %s, will retry: %s", user_id, error)
        else:
            log.error("sending to user %s failed: %s", user_id, error)
        detail = NO_ANSWER if outcome is Outcome.UNCONFIRMED else error.message
        return SendResult(outcome, error=detail)

    async def run(
        self,
        items: AsyncIterable[T] | Iterable[T],
        handle: Callable[[T], Awaitable[None]],
        concurrency: int | None = None,
    ) -> None:
        """Call `handle` on every item, `concurrency` (else the sender's) at a time.

        One recipient's failure is logged and never stops the others.
        """
        iterator = items if isinstance(items, AsyncIterator) else _aiter(items)
        take = asyncio.Lock()

        async def worker() -> None:
            while True:
                await self._room()
                async with take:
                    try:
                        item = await anext(iterator)
                    except StopAsyncIteration:
                        return
                try:
                    await handle(item)
                except Exception:
                    log.exception("bulk send failed for %r", item)

        await asyncio.gather(*(worker() for _ in range(concurrency or self.concurrency)))


async def finish_or_cancel(sends: asyncio.Future[None], grace: float) -> bool:
    """Give sends in flight `grace` seconds to finish and be recorded, then cut them off.

    Daily tips and broadcasts stop this way on shutdown; True when they finished.
    """
    done, _ = await asyncio.wait({sends}, timeout=grace)
    if not done:
        sends.cancel()
    return bool(done)


async def _aiter(items: AsyncIterable[T] | Iterable[T]) -> AsyncIterator[T]:
    if isinstance(items, AsyncIterable):
        async for item in items:
            yield item
    else:
        for item in items:
            yield item
