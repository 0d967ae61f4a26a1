"""Paid broadcasts (PAID_BROADCASTS): the cost on the preview, the Stars balance checked
before anything is queued, and every message sent with `allow_paid_broadcast`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from decimal import Decimal

import pytest

from bot.admin import texts as admin_texts
from bot.admin.broadcast_store import BroadcastStore
from bot.admin.buttons import ConfirmBroadcast
from bot.config import Config
from tests.admin_support import (
    ADA,
    crowd,
    finish_broadcasts,
    preview,
    received,
    run_pick_up_job,
    subscribe,
)
from tests.fake_bot_api import FakeBotApi, FakeUser
from tests.support import Driver, FakeClock, running_bot


@pytest.fixture
async def paid_bot(config: Config, server: FakeBotApi, clock: FakeClock) -> AsyncIterator[Driver]:
    paid = config.model_copy(update={"paid_broadcasts": True, "bulk_messages_per_second": 0})
    async with running_bot(paid, server, clock) as driver:
        yield driver


def _paid_sends(bot: Driver, text: str) -> list[object]:
    """`allow_paid_broadcast` as each subscriber's message with this text carried it
    (form-encoded); the admin's preview is not a broadcast message."""
    return [
        r.params.get("allow_paid_broadcast")
        for r in bot.server.calls("sendMessage")
        if r.params.get("text") == text and r.chat_id != ADA.id and not r.error
    ]


def _balance_checks(bot: Driver) -> int:
    return len(bot.server.calls("getMyStarBalance"))


async def test_paid_preview_shows_the_cost_and_every_message_goes_out_paid(
    paid_bot: Driver,
) -> None:
    bot = paid_bot
    bot.server.star_balance = 100
    users = crowd(5)
    await subscribe(bot, users)
    shown = await preview(bot, ADA, "/broadcast Faster news")
    assert shown.button_labels == ["💫 Send to 5 subscribers, paid: 0.5 ⭐", "✖️ Cancel"]

    answer = await bot.press(ADA, shown.button("Send")["callback_data"], shown)
    assert answer.params["text"] == admin_texts.BROADCAST_CONFIRMED
    await finish_broadcasts(bot)

    assert [received(bot, user, "Faster news") for user in users] == [1] * 5
    assert _paid_sends(bot, "Faster news") == ["true"] * 5
    assert _balance_checks(bot) == 2  # on confirming, and as the runner starts


async def test_too_few_stars_refuses_clearly_and_queues_nothing(paid_bot: Driver) -> None:
    bot = paid_bot
    bot.server.star_balance = 0
    users = crowd(12)
    await subscribe(bot, users)
    shown = await preview(bot, ADA, "/broadcast Costly news")
    assert shown.button("Send")["text"] == "💫 Send to 12 subscribers, paid: 1.2 ⭐"

    answer = await bot.press(ADA, shown.button("Send")["callback_data"], shown)
    assert answer.params["text"] == admin_texts.paid_broadcast_refused(Decimal("1.2"), Decimal(0))
    assert answer.params["text"].startswith("Nothing was sent")
    assert len(answer.params["text"]) <= 200
    assert answer.params["show_alert"] == "true"
    await finish_broadcasts(bot)
    assert bot.db["broadcasts"].get(1)["status"] == "draft"
    assert bot.db["broadcast_recipients"].count == 0
    assert [received(bot, user, "Costly news") for user in users] == [0] * 12
    assert bot.server.messages[(ADA.id, shown.message_id)].get("reply_markup") is not None

    bot.server.star_balance = 2  # topped up: the same button now sends
    again = await bot.press(ADA, shown.button("Send")["callback_data"], shown)
    assert again.params["text"] == admin_texts.BROADCAST_CONFIRMED
    await finish_broadcasts(bot)
    assert [received(bot, user, "Costly news") for user in users] == [1] * 12
    assert _paid_sends(bot, "Costly news") == ["true"] * 12


async def test_a_stranger_pressing_a_paid_confirm_is_refused_before_any_balance_check(
    paid_bot: Driver, alice: FakeUser
) -> None:
    bot = paid_bot
    bot.server.star_balance = 100
    await subscribe(bot, [*crowd(2), alice])
    shown = await preview(bot, ADA, "/broadcast Team only")
    checks = _balance_checks(bot)
    answer = await bot.press(alice, ConfirmBroadcast(1).encode())
    assert answer.params["text"] != admin_texts.BROADCAST_CONFIRMED
    await finish_broadcasts(bot)
    assert _balance_checks(bot) == checks
    assert bot.db["broadcasts"].get(1)["status"] == "draft"
    assert received(bot, alice, "Team only") == 0
    assert shown.button_labels[0].startswith("💫")


async def test_queued_from_the_shell_without_the_stars_goes_out_at_the_free_pace(
    paid_bot: Driver, clock: FakeClock
) -> None:
    bot = paid_bot
    bot.server.star_balance = 0
    users = crowd(3)
    await subscribe(bot, users)
    BroadcastStore(bot.db).queue("From the shell", "shell", clock.now() - timedelta(seconds=1))
    await run_pick_up_job(bot.app)
    await finish_broadcasts(bot)
    assert [received(bot, user, "From the shell") for user in users] == [1] * 3
    assert _paid_sends(bot, "From the shell") == [None] * 3


async def test_broadcasts_are_free_by_default(bot: Driver) -> None:
    users = crowd(2)
    await subscribe(bot, users)
    shown = await preview(bot, ADA, "/broadcast Free as ever")
    assert shown.button_labels == ["✅ Send to 2 subscribers", "✖️ Cancel"]
    await bot.press(ADA, shown.button("Send")["callback_data"], shown)
    await finish_broadcasts(bot)
    assert [received(bot, user, "Free as ever") for user in users] == [1, 1]
    assert _paid_sends(bot, "Free as ever") == [None, None]
    assert _balance_checks(bot) == 0
