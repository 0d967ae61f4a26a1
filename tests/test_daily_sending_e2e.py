"""Sending daily tips like a good citizen: paced, and calm about Telegram's refusals.

These run with the bot's real pacing (29 bulk messages a second); RetryAfter pauses
and network backoffs go through the fake clock, so nothing really waits.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.config import Config
from bot.core.ratelimit import CHAT_INTERVAL_SECONDS
from tests.daily_support import deliveries, next_tip_at, run_job, subscribe, tips_to, utc
from tests.fake_bot_api import FakeBotApi, FakeUser, TelegramFault
from tests.support import Driver, FakeClock, running_bot


@pytest.fixture
async def unpaced_bot(
    config: Config, server: FakeBotApi, clock: FakeClock
) -> AsyncIterator[Driver]:
    """For tests that send to one chat again within a real second (a fake day later)."""
    unpaced = config.model_copy(update={"bulk_messages_per_second": 0})
    async with running_bot(unpaced, server, clock) as driver:
        yield driver


def refuse(chat_id: int, fault: TelegramFault, times: int = 10**9) -> Any:
    """A fault hook that refuses the first `times` sendMessage calls to one chat."""
    left = [times]

    def hook(method: str, params: dict[str, Any]) -> None:
        if method == "sendMessage" and int(params["chat_id"]) == chat_id and left[0] > 0:
            left[0] -= 1
            raise fault

    return hook


async def test_a_blocked_user_is_unsubscribed_and_the_run_carries_on(
    unpaced_bot: Driver, clock: FakeClock, alice: FakeUser, bob: FakeUser
) -> None:
    bot = unpaced_bot
    carol = FakeUser(1003, "Carol")
    for user in (alice, bob, carol):
        await subscribe(bot, user, "Europe/Berlin", "11:00")
    bot.server.blocked_chats.add(alice.id)
    bot.server.fault_hooks.append(refuse(bob.id, TelegramFault(400, "Bad Request: chat not found")))
    clock.set(utc(2026, 3, 2, 10))
    await run_job(bot)
    for gone in (alice, bob):
        row = bot.db["users"].get(gone.id)
        assert row["subscribed"] == 0 and row["blocked_at"] == "2026-03-02T10:00:00Z"
        assert next_tip_at(bot, gone) is None and deliveries(bot, gone) == []
    assert len(tips_to(bot, carol)) == 1
    clock.advance(days=1)
    since = bot.mark()
    await run_job(bot)
    assert bot.server.sent_to(alice.id, since) == [] and bot.server.sent_to(bob.id, since) == []


async def test_429_answers_are_honoured_and_the_tip_goes_out_once(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, "Europe/Berlin", "11:00")
    flood = TelegramFault(429, "Too Many Requests: retry after 1", retry_after=1)
    bot.server.fault_hooks.append(refuse(alice.id, flood, times=2))
    clock.set(utc(2026, 3, 2, 10))
    await run_job(bot)
    refused = [r for r in bot.server.requests if r.method == "sendMessage" and r.error]
    assert len(refused) == 2
    assert len(tips_to(bot, alice)) == 1
    assert clock.slept == [1.1, 1.1]
    assert deliveries(bot, alice) == [("2026-03-02", "sent")]


async def test_endless_429s_leave_the_tip_due_for_the_next_run(
    unpaced_bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    bot = unpaced_bot
    await subscribe(bot, alice, "Europe/Berlin", "11:00")
    flood = TelegramFault(429, "Too Many Requests: retry after 1", retry_after=1)
    bot.server.fault_hooks.append(refuse(alice.id, flood, times=4))
    clock.set(utc(2026, 3, 2, 10))
    await run_job(bot)
    assert tips_to(bot, alice) == [] and deliveries(bot, alice) == []
    assert next_tip_at(bot, alice) == "2026-03-02T10:00:00Z"
    await run_job(bot)
    assert len(tips_to(bot, alice)) == 1


async def test_network_errors_back_off_and_the_tip_stays_due(
    unpaced_bot: Driver, clock: FakeClock, alice: FakeUser, bob: FakeUser
) -> None:
    bot = unpaced_bot
    await subscribe(bot, alice, "Europe/Berlin", "11:00")
    await subscribe(bot, bob, "Europe/Berlin", "11:00")
    bot.server.fault_hooks.append(refuse(alice.id, TelegramFault(502, "Bad Gateway")))
    clock.set(utc(2026, 3, 2, 10))
    await run_job(bot)
    assert clock.slept == [1.0, 2.0]
    assert tips_to(bot, alice) == [] and deliveries(bot, alice) == []
    assert next_tip_at(bot, alice) == "2026-03-02T10:00:00Z"
    assert len(tips_to(bot, bob)) == 1
    bot.server.fault_hooks.clear()
    await run_job(bot)
    assert len(tips_to(bot, alice)) == 1 and len(tips_to(bot, bob)) == 1


async def test_a_message_telegram_refuses_is_not_retried_every_minute(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, "Europe/Berlin", "11:00")
    bad = TelegramFault(400, "Bad Request: can't parse entities")
    bot.server.fault_hooks.append(refuse(alice.id, bad))
    clock.set(utc(2026, 3, 2, 10))
    await run_job(bot)
    await run_job(bot)
    attempts = [r for r in bot.server.requests if r.method == "sendMessage" and r.error]
    assert len(attempts) == 1
    assert deliveries(bot, alice) == [("2026-03-02", "failed")]
    assert next_tip_at(bot, alice) == "2026-03-03T10:00:00Z"
    assert bot.db["users"].get(alice.id)["subscribed"] == 1


async def test_bulk_sends_are_paced_but_replies_are_not(bot: Driver, clock: FakeClock) -> None:
    users = [FakeUser(2000 + i) for i in range(16)]
    for user in users:
        bot.server.inject_message(user, "/start")
    await bot.settle()
    clock.set(utc(2026, 3, 3, 8))
    since = bot.mark()
    await run_job(bot)
    sent = [r.at for r in bot.server.requests[since:] if r.method == "sendMessage"]
    assert len(sent) == 16
    bulk_span = sent[-1] - sent[0]
    assert bulk_span >= 15 / 30 * 0.9  # 30 a second (unpaced, this takes a few ms)

    # Replies are never paced: paced, five to one chat would take four seconds or more.
    since = bot.mark()
    for _ in range(5):
        bot.server.inject_message(users[0], "/help")
    await bot.settle()
    replies = [
        r.at
        for r in bot.server.requests[since:]
        if r.method == "sendMessage" and int(r.params["chat_id"]) == users[0].id
    ]
    assert len(replies) == 5
    assert replies[-1] - replies[0] < 4 * CHAT_INTERVAL_SECONDS
