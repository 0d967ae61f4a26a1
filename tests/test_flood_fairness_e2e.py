"""A 429 holds only what it was about (issue 11, item 11).

A daily run refused with a 30 s `retry_after` pauses bulk sends only: another user's
reply and button answer go out at once. One user's reply that is itself refused waits
alone: other chats' updates are handled meanwhile, and that user's own next update
waits its turn, so each chat's replies stay in order.

The clock here moves only when the test moves it: every pause waits until then, so
"at once" means "before the injected clock has moved at all".
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.config import Config
from bot.core.updates import RUNNING_AT_ONCE
from tests.daily_support import TIP_HEADER, run_job, subscribe, tips_to, utc
from tests.fake_bot_api import FakeBotApi, FakeUser, TelegramFault
from tests.support import Driver, FakeClock, running_bot

RETRY_AFTER = 30


class HeldClock(FakeClock):
    """A pause lasts until the test moves the clock past its end."""

    def __init__(self) -> None:
        super().__init__()
        self._sleepers: list[tuple[float, asyncio.Future[None]]] = []
        self._elapsed = 0.0
        self._held = True

    @property
    def waiting(self) -> int:
        return len(self._sleepers)

    def let_go(self) -> None:
        """From now on pauses take no time, as with FakeClock: so that shutting down after a
        failed check never waits for a clock nobody moves."""
        self._held = False
        self.advance(days=1)

    async def sleep(self, seconds: float) -> None:
        if not self._held:
            await super().sleep(seconds)
            return
        self.slept.append(seconds)
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        wake: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._sleepers.append((self._elapsed + seconds, wake))
        await wake

    def advance(self, **delta: float) -> object:
        moment = super().advance(**delta)
        self._elapsed += timedelta(**delta).total_seconds()
        due = [(at, wake) for at, wake in self._sleepers if at <= self._elapsed]
        self._sleepers = [(at, wake) for at, wake in self._sleepers if at > self._elapsed]
        for _, wake in due:
            wake.set_result(None)
        return moment


@pytest.fixture
def held() -> HeldClock:
    return HeldClock()


@pytest.fixture
async def held_bot(config: Config, server: FakeBotApi, held: HeldClock) -> AsyncIterator[Driver]:
    async with running_bot(config, server, held) as driver:
        try:
            yield driver
        finally:
            held.let_go()


def refuse_once(server: FakeBotApi, chat_id: int) -> None:
    """The next sendMessage to `chat_id` is refused with a 30 s retry_after."""

    def hook(method: str, params: dict) -> None:
        if method == "sendMessage" and int(params["chat_id"]) == chat_id:
            server.fault_hooks.remove(hook)
            raise TelegramFault(429, "Too Many Requests", retry_after=RETRY_AFTER)

    server.fault_hooks.append(hook)


async def test_a_daily_run_in_a_pause_holds_no_reply_or_button_answer(
    held_bot: Driver, held: HeldClock, alice: FakeUser, bob: FakeUser
) -> None:
    bot = held_bot
    await subscribe(bot, alice, "UTC", "09:30")
    listing = await bot.send(bob, "/causes")
    held.set(utc(2026, 3, 2, 9, 30))
    refuse_once(bot.server, alice.id)
    since = bot.mark()
    daily = asyncio.create_task(run_job(bot))
    await bot.server.wait_until(lambda: held.waiting > 0)  # the run is in its 30 s pause

    started = held.now()
    help_reply = await bot.send(bob, "/help")
    assert "/log" in help_reply.text
    answer = await bot.press(bob, listing.button("Not drinking enough")["callback_data"], listing)
    assert "text" not in answer.params
    assert held.now() == started, "neither waited for the pause"
    assert tips_to(bot, alice, since) == []

    held.advance(seconds=RETRY_AFTER + 1)
    await daily
    (tip,) = tips_to(bot, alice, since)
    assert TIP_HEADER in tip.text


async def test_a_refused_reply_waits_alone_and_keeps_its_chat_in_order(
    held_bot: Driver, held: HeldClock, alice: FakeUser, bob: FakeUser
) -> None:
    bot = held_bot
    since = bot.mark()
    others = [FakeUser(2000 + n) for n in range(RUNNING_AT_ONCE)]
    for user in (alice, *others):  # more waiting replies than updates run at once
        refuse_once(bot.server, user.id)
        bot.server.inject_message(user, "/help")
    await bot.server.wait_until(lambda: held.waiting == 1 + len(others))  # each waits 30 s
    bot.server.inject_message(alice, "/causes")  # must come after her /help reply

    assert "/log" in (await bot.send(bob, "/help")).text
    assert bot.server.sent_to(alice.id, since) == []

    held.advance(seconds=RETRY_AFTER + 1)
    await bot.settle()
    first, second = bot.server.sent_to(alice.id, since)
    assert "/log" in first.text
    assert "Why legs cramp" in second.text
