"""The bulk-aware rate limiter, driven directly with a stand-in for the HTTP call.

Pacing and pauses both run on virtual time (`tests/virtual_time.py`): the figures below
are exact, and no test waits in real time or depends on the machine's speed.
"""

from __future__ import annotations

import asyncio
import itertools
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.core.ratelimit import (
    BULK,
    PAID_MESSAGES_PER_SECOND,
    Bulk,
    BulkAwareRateLimiter,
    FloodGuard,
)
from tests.virtual_time import VirtualTime


class Endpoint:
    """Records when each request reached it; can answer 429 a few times first."""

    def __init__(self, time: VirtualTime, refusals: int = 0, retry_after: int = 1) -> None:
        self.time = time
        self.times: list[float] = []
        self.refusals = refusals
        self.retry_after = retry_after

    async def __call__(self) -> dict[str, Any]:
        if self.refusals:
            self.refusals -= 1
            raise RetryAfter(self.retry_after)
        self.times.append(self.time.now())
        return {"ok": True}


def limiter_on(time: VirtualTime, **options: Any) -> BulkAwareRateLimiter:
    return BulkAwareRateLimiter(sleep=time.sleep, pacing=time.timer, **options)


async def call(limiter: BulkAwareRateLimiter, endpoint: Endpoint, chat_id: int, bulk: bool) -> Any:
    return await limiter.process_request(
        endpoint, (), {}, "sendMessage", {"chat_id": chat_id}, BULK if bulk else None
    )


async def test_bulk_requests_keep_an_exact_pace_with_no_initial_burst() -> None:
    time = VirtualTime()
    limiter, endpoint = limiter_on(time, bulk_per_second=200, chat_interval=0), Endpoint(time)
    await time.run(*(call(limiter, endpoint, chat, True) for chat in range(1, 41)))
    gaps = [b - a for a, b in itertools.pairwise(endpoint.times)]
    assert gaps == pytest.approx([1 / 200] * 39)  # 5 ms apart: no burst, no drift


async def test_paid_broadcast_requests_keep_telegram_s_paid_pace_not_the_free_one() -> None:
    time = VirtualTime()
    limiter, endpoint = limiter_on(time, bulk_per_second=30, chat_interval=0), Endpoint(time)
    paid = Bulk(paid=True)
    await time.run(
        *(
            limiter.process_request(endpoint, (), {}, "sendMessage", {"chat_id": chat}, paid)
            for chat in range(1, 41)
        )
    )
    gaps = [b - a for a, b in itertools.pairwise(endpoint.times)]
    assert gaps == pytest.approx([1 / PAID_MESSAGES_PER_SECOND] * 39)


async def test_interactive_requests_are_not_paced() -> None:
    time = VirtualTime()
    limiter, endpoint = limiter_on(time, bulk_per_second=5, chat_interval=1), Endpoint(time)
    await time.run(*(call(limiter, endpoint, 7, False) for _ in range(50)))
    assert endpoint.times == [0.0] * 50


async def test_bulk_requests_to_one_chat_wait_for_its_interval() -> None:
    time = VirtualTime()
    limiter, endpoint = limiter_on(time, bulk_per_second=1000, chat_interval=0.1), Endpoint(time)
    await time.run(*(call(limiter, endpoint, 7, True) for _ in range(3)))
    assert endpoint.times == pytest.approx([0.0, 0.1, 0.2])


async def test_chats_are_spaced_independently_and_forgotten_when_many() -> None:
    time = VirtualTime()
    limiter, endpoint = limiter_on(time, bulk_per_second=0, chat_interval=1), Endpoint(time)
    await time.run(*(call(limiter, endpoint, chat, True) for chat in range(5000)))
    assert endpoint.times == [0.0] * 5000  # one message each: nobody waits
    await time.run(call(limiter, endpoint, 1, True))
    assert endpoint.times[-1] == pytest.approx(1.0)  # chat 1's second message waits its turn


@pytest.mark.parametrize("bulk", [True, False])
async def test_retry_after_is_honoured_with_the_injected_sleep(bulk: bool) -> None:
    time = VirtualTime()
    limiter = limiter_on(time, max_retries=3)
    endpoint = Endpoint(time, refusals=2, retry_after=30)
    assert await time.run(call(limiter, endpoint, 7, bulk)) == [{"ok": True}]
    assert endpoint.times == [pytest.approx(2 * 30.1)]


async def test_retry_after_gives_up_after_max_retries() -> None:
    time = VirtualTime()
    with pytest.raises(RetryAfter):
        await time.run(call(limiter_on(time, max_retries=1), Endpoint(time, refusals=5), 7, True))


async def test_a_pause_holds_bulk_requests_until_it_ends_and_replies_not_at_all() -> None:
    """Issue 11, item 11: a daily run's 429 must not hold another user's reply."""
    time = VirtualTime()
    limiter = limiter_on(time, bulk_per_second=0, chat_interval=0)
    refused, reply, bulk = (
        Endpoint(time, refusals=1, retry_after=10),
        Endpoint(time),
        Endpoint(time),
    )

    async def reply_after_the_refusal() -> None:
        await time.sleep(1)
        await call(limiter, reply, 2, False)

    async def bulk_after_the_refusal() -> None:
        await time.sleep(1)
        await call(limiter, bulk, 3, True)

    await time.run(
        call(limiter, refused, 1, True), reply_after_the_refusal(), bulk_after_the_refusal()
    )
    assert reply.times == [pytest.approx(1.0)]
    assert bulk.times == [pytest.approx(10.1)]
    assert refused.times == [pytest.approx(10.1)]


async def test_a_refused_reply_waits_alone() -> None:
    time = VirtualTime()
    limiter = limiter_on(time, bulk_per_second=0, chat_interval=0)
    refused, bulk = Endpoint(time, refusals=1, retry_after=10), Endpoint(time)

    async def bulk_after_the_refusal() -> None:
        await time.sleep(1)
        await call(limiter, bulk, 3, True)

    await time.run(call(limiter, refused, 1, False), bulk_after_the_refusal())
    assert refused.times == [pytest.approx(10.1)]
    assert bulk.times == [pytest.approx(1.0)]


async def test_a_slot_that_comes_due_during_a_pause_is_given_up() -> None:
    """The end of a pause releases requests at the paced rate, not in a burst."""
    time = VirtualTime()
    limiter = limiter_on(time, bulk_per_second=20, chat_interval=0)
    refused = Endpoint(time, refusals=1, retry_after=1)
    queued = [Endpoint(time) for _ in range(3)]
    await time.run(
        call(limiter, refused, 1, True),
        *(call(limiter, e, 2 + i, True) for i, e in enumerate(queued)),
    )
    times = sorted(refused.times + [t for e in queued for t in e.times])
    assert times[0] >= 1.1 - 1e-9  # nothing went out during the pause
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 1 / 20 - 1e-9


async def test_the_flood_guard_holds_even_when_a_request_arrives_late() -> None:
    """A request that reaches the server late must not share a window with 5 more."""
    time = VirtualTime()
    guard = FloodGuard(limit=5, period=0.1, timer=time.timer)
    arrivals: list[float] = []

    async def request(index: int) -> None:
        async with guard.slot():
            if index == 0:
                await time.sleep(0.075)  # held up on the way: arrives late
            arrivals.append(time.now())

    await time.run(*(request(i) for i in range(12)))
    for start in arrivals:
        assert sum(start <= t < start + 0.1 for t in arrivals) <= 5


async def test_before_send_runs_once_the_slot_is_granted_and_before_each_attempt() -> None:
    """Broadcasts claim a recipient here, so a claim never sits waiting for a slot."""
    time = VirtualTime()
    limiter = limiter_on(time, bulk_per_second=20, chat_interval=0)
    endpoint = Endpoint(time, refusals=1)
    claims: list[float] = []

    await time.run(
        call(limiter, Endpoint(time), 1, True),
        limiter.process_request(
            endpoint,
            (),
            {},
            "sendMessage",
            {"chat_id": 2},
            Bulk(before_send=lambda: claims.append(time.now())),
        ),
    )
    assert len(claims) == 2  # before the refused attempt, and before the one that went out
    assert claims[0] == pytest.approx(0.05)  # the second slot comes 50 ms after the first
    assert endpoint.times[0] >= claims[-1]


async def test_a_raising_before_send_sends_nothing() -> None:
    time = VirtualTime()
    limiter = limiter_on(time, bulk_per_second=1000, chat_interval=0)
    endpoint = Endpoint(time)

    def refuse() -> None:
        raise LookupError("taken")

    with pytest.raises(LookupError):
        await time.run(
            limiter.process_request(
                endpoint, (), {}, "sendMessage", {"chat_id": 1}, Bulk(before_send=refuse)
            )
        )
    assert endpoint.times == []


async def test_the_limiter_needs_nothing_to_start_or_stop() -> None:
    """PTB calls these around the application's life; they must not fail or block."""
    limiter = BulkAwareRateLimiter()
    await asyncio.wait_for(limiter.initialize(), timeout=60)
    await asyncio.wait_for(limiter.shutdown(), timeout=60)
