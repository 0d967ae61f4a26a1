"""Reading never writes, and a failed write gets one apology (issue 11, items 16 and 17)."""

from __future__ import annotations

import logging

import pytest

from bot.core import texts as core_texts
from tests.diary_support import press_and_edit
from tests.fake_bot_api import FakeUser
from tests.support import Driver


def apologies(bot: Driver, user: FakeUser, since: int) -> int:
    sent = [r for r in bot.server.sent_to(user.id, since) if r.text == core_texts.ERROR_APOLOGY]
    answered = [
        r
        for r in bot.server.calls("answerCallbackQuery", since=since)
        if r.params.get("text") == core_texts.ERROR_APOLOGY
    ]
    return len(sent) + len(answered)


def read_only(bot: Driver) -> None:
    """The database refuses every write, as a read-only file or mount would."""
    bot.db.execute("PRAGMA query_only = ON")


async def test_a_read_only_database_gets_one_apology_for_a_failed_write(
    bot: Driver, alice: FakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    await bot.send(alice, "/start")
    flow = await bot.send(alice, "/log")
    question = await press_and_edit(bot, alice, flow.button("Left calf")["callback_data"], flow)
    read_only(bot)

    since = bot.mark()
    await bot.send(alice, "/time 07:00")
    await bot.settle()
    assert apologies(bot, alice, since) == 1

    since = bot.mark()
    await bot.press(alice, question.button("Severe")["callback_data"], flow)
    await bot.settle()
    assert apologies(bot, alice, since) == 1
    await bot.app.bot_data.activity.flush()
    assert "could not record when 2 user(s) were active" in caplog.text  # alice, sentinel


async def test_a_read_only_database_does_not_spoil_a_command_that_only_reads(
    bot: Driver, alice: FakeUser
) -> None:
    await bot.send(alice, "/start")
    read_only(bot)
    since = bot.mark()
    for command in ("/help", "/settings", "/history", "/causes"):
        reply = await bot.send(alice, command)
        assert reply.text != core_texts.ERROR_APOLOGY, command
    await bot.settle()
    assert apologies(bot, alice, since) == 0


async def test_settings_after_forget_creates_no_user(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    confirm = await bot.send(alice, "/forget")
    await press_and_edit(bot, alice, confirm.button("Yes")["callback_data"], confirm)
    assert bot.db["users"].count_where("user_id = ?", [alice.id]) == 0

    shown = await bot.send(alice, "/settings")
    assert "Daily tip: off" in shown.text and "08:00" in str(shown.buttons) and "UTC" in shown.text
    await bot.settle()
    assert bot.db["users"].count_where("user_id = ?", [alice.id]) == 0


async def test_settings_before_start_creates_no_user(
    bot: Driver, alice: FakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        shown = await bot.send(alice, "/settings")
    assert "Daily tip: off" in shown.text
    assert bot.db["users"].count_where("user_id = ?", [alice.id]) == 0
