"""Bugs the fuzz suite found, each pinned by a focused test over real HTTP."""

from __future__ import annotations

import logging

import pytest

from bot.core import texts
from tests.fake_bot_api import FakeUser
from tests.support import Driver


async def test_a_button_press_without_data_is_answered_as_expired(
    bot: Driver, alice: FakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    """PTB lets a query without data through every data pattern: the start menu's handler
    took it, answered, then failed to decode it, and the apology could not be sent."""
    with caplog.at_level(logging.WARNING):
        answer = await bot.press(alice, "")
        await bot.settle()
    assert answer.params["text"] == texts.BUTTON_EXPIRED
    assert len(bot.server.calls("answerCallbackQuery", since=0)) == 1
    assert bot.server.sent_to(alice.id) == []
    assert not [record for record in caplog.records if record.levelno >= logging.WARNING]
