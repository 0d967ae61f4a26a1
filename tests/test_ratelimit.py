"""The bulk-aware rate limiter, driven directly with a stand-in for the HTTP call."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot.core.ratelimit import BULK, Bulk, BulkAwareRateLimiter, FloodGuard


class Endpoint:
    """Records when each request reached it; can answer 429 a few times first."""

    def __init__(self, refusals: int = 0) -> None:
        self.times: list[float] = []
        self.refusals = refusals

    async def __call__(self) -> dict[str, Any]:
        if self.refusals:
            self.refusals -= 1
            raise RetryAfter(1)
        self.times.append(asyncio.get_running_loop().time())
        return {"ok": True}


async def call(limiter: BulkAwareRateLimiter, endpoint: Endpoint, chat_id: int, bulk: bool) -> Any:
    return await limiter.process_request(
        endpoint, (), {}, "sendMessage", {"chat_id": chat_id}, BULK if bulk else None
    )


async def test_bulk_requests_keep_an_exact_pace_with_no_initial_burst() -> None:
    limiter = BulkAwareRateLimiter(bulk_per_second=200, chat_interval=0)
    endpoint = Endpoint()
    await asyncio.gather(*(call(limiter, endpoint, chat, True) for chat in range(1, 41)))
    # Slots are 5 ms apart: never faster (the bench measures that it does not drift).
    assert 39 / 200 * 0.99 <= endpoint.times[-1] - endpoint.times[0] < 39 / 200 + 0.15
    # No window of 1/10 s (the limit scaled to 200/s) holds more than its share.
    for start in endpoint.times:
        assert sum(start <= t < start + 0.1 for t in endpoint.times) <= 21


async def test_interactive_requests_are_not_paced() -> None:
    limiter = BulkAwareRateLimiter(bulk_per_second=5, chat_interval=1)
    endpoint = Endpoint()
    started = asyncio.get_running_loop().time()
    await asyncio.gather(*(call(limiter, endpoint, 7, False) for _ in range(50)))
    assert len(endpoint.times) == 50
    assert asyncio.get_running_loop().time() - started < 0.5


async def test_bulk_requests_to_one_chat_wait_for_its_interval() -> None:
    limiter = BulkAwareRateLimiter(bulk_per_second=1000, chat_interval=0.1)
    endpoint = Endpoint()
    await asyncio.gather(*(call(limiter, endpoint, 7, True) for _ in range(3)))
    gaps = [b - a for a, b in zip(endpoint.times, endpoint.times[1:], strict=False)]
    assert min(gaps) >= 0.09


@pytest.mark.parametrize("bulk", [True, False])
async def test_retry_after_is_honoured_with_the_injected_sleep(bulk: bool) -> None:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    limiter = BulkAwareRateLimiter(max_retries=3, sleep=sleep)
    endpoint = Endpoint(refusals=2)
    assert await call(limiter, endpoint, 7, bulk) == {"ok": True}
    assert slept == [pytest.approx(1.1), pytest.approx(1.1)]


async def test_retry_after_gives_up_after_max_retries() -> None:
    async def sleep(seconds: float) -> None:
        return None

    limiter = BulkAwareRateLimiter(max_retries=1, sleep=sleep)
    with pytest.raises(RetryAfter):
        await call(limiter, Endpoint(refusals=5), 7, True)


async def test_a_pause_holds_every_request_until_it_ends() -> None:
    release = asyncio.Event()

    async def sleep(seconds: float) -> None:
        await release.wait()

    limiter = BulkAwareRateLimiter(bulk_per_second=0, chat_interval=0, sleep=sleep)
    refused = asyncio.create_task(call(limiter, Endpoint(refusals=1), 1, True))
    await asyncio.sleep(0.01)
    other = Endpoint()
    waiting = asyncio.create_task(call(limiter, other, 2, False))
    await asyncio.sleep(0.01)
    assert other.times == []
    release.set()
    await asyncio.gather(refused, waiting)
    assert len(other.times) == 1


async def test_a_slot_that_comes_due_during_a_pause_is_given_up() -> None:
    release = asyncio.Event()

    async def sleep(seconds: float) -> None:
        await release.wait()

    limiter = BulkAwareRateLimiter(bulk_per_second=20, chat_interval=0, sleep=sleep)
    refused, queued = Endpoint(refusals=1), Endpoint()
    first = asyncio.create_task(call(limiter, refused, 1, True))
    second = asyncio.create_task(call(limiter, queued, 2, True))  # its slot is 50 ms later
    await asyncio.sleep(0.15)
    assert queued.times == []
    release.set()
    await asyncio.gather(first, second)
    assert len(queued.times) == 1 and len(refused.times) == 1


async def test_the_flood_guard_holds_even_when_a_request_arrives_late() -> None:
    """A request that reaches the server late must not share a window with 5 more."""
    guard = FloodGuard(limit=5, period=0.1)
    arrivals: list[float] = []

    async def request(index: int) -> None:
        async with guard.slot():
            if index == 0:
                await asyncio.sleep(0.075)  # held up on the way: arrives late
            arrivals.append(asyncio.get_running_loop().time())

    await asyncio.gather(*(request(i) for i in range(12)))
    for start in arrivals:
        assert sum(start <= t < start + 0.1 for t in arrivals) <= 5


async def test_before_send_runs_once_the_slot_is_granted_and_before_each_attempt() -> None:
    """Broadcasts claim a recipient here, so a claim never sits waiting for a slot."""

    async def no_wait(seconds: float) -> None:
        await asyncio.sleep(0)

    limiter = BulkAwareRateLimiter(bulk_per_second=20, chat_interval=0, sleep=no_wait)
    loop = asyncio.get_running_loop()
    started = loop.time()
    endpoint = Endpoint(refusals=1)
    claims: list[float] = []

    def claim() -> None:
        claims.append(loop.time())

    await asyncio.gather(
        call(limiter, Endpoint(), 1, True),
        limiter.process_request(
            endpoint, (), {}, "sendMessage", {"chat_id": 2}, Bulk(before_send=claim)
        ),
    )
    assert len(claims) == 2  # before the refused attempt, and before the one that went out
    assert claims[0] - started >= 0.045  # the second slot comes 50 ms after the first
    assert endpoint.times[0] >= claims[-1]


async def test_a_raising_before_send_sends_nothing() -> None:
    limiter = BulkAwareRateLimiter(bulk_per_second=1000, chat_interval=0)
    endpoint = Endpoint()

    def refuse() -> None:
        raise LookupError("taken")

    with pytest.raises(LookupError):
        await limiter.process_request(
            endpoint, (), {}, "sendMessage", {"chat_id": 1}, Bulk(before_send=refuse)
        )
    assert endpoint.times == []
