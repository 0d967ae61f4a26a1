"""Bad input over real HTTP: every case gets a friendly answer and nothing breaks."""

from __future__ import annotations

import logging

import pytest

from bot.core import texts as core_texts
from bot.diary import texts as diary_texts
from bot.knowledge import texts as knowledge_texts
from bot.knowledge.buttons import ShowItem, ShowList
from tests.daily_support import next_tip_at
from tests.fake_bot_api import FakeUser, TelegramFault
from tests.support import TOKEN, Driver


async def test_unknown_command_points_to_help(bot: Driver, alice: FakeUser) -> None:
    reply = await bot.send(alice, "/frobnicate now please")
    assert reply.text == "I don't know the command /frobnicate. Send /help to see what I can do."
    reply = await bot.send(alice, "/<b>x</b>@cramp_bot")
    assert "&lt;b&gt;" in reply.text  # echoed safely, never as markup
    assert bot.db["users"].count == 0


async def test_plain_text_gets_a_hint(bot: Driver, alice: FakeUser) -> None:
    """Not a cramp to log (too long to be a log line): the help, with its buttons."""
    reply = await bot.send(alice, "my calf cramps " * 300)
    assert reply.text == diary_texts.TYPED_NOT_UNDERSTOOD and "📖 Help" not in reply.text
    assert "📝 Log a cramp" in reply.button_labels


@pytest.mark.parametrize(
    "data",
    [
        "garbage",
        "\x00\xff\x10binary",
        "9:i:causes:dehydration",  # a version we never made
        "1:i:causes:DEHYDRATION",  # not a slug
        "1:i:remedies:dehydration",  # no such section
        "1:i:causes",  # missing field
        "1:i:causes:dehydration:extra",
        "1:s:maybe",
        "1:zz:1",
        "1:i:causes:" + "a" * 60,  # longer than Telegram allows
    ],
)
async def test_forged_callback_data_is_answered_as_expired(
    bot: Driver, alice: FakeUser, data: str
) -> None:
    listing = await bot.send(alice, "/causes")
    answer = await bot.press(alice, data, listing)
    assert answer.params["text"] == core_texts.BUTTON_EXPIRED
    await bot.settle()
    assert bot.server.calls("editMessageText", alice.id) == []


async def test_unknown_item_id_shows_the_current_list(bot: Driver, alice: FakeUser) -> None:
    listing = await bot.send(alice, "/tips")
    since = bot.mark()
    await bot.press(alice, ShowItem("tips", "stretch").encode(), listing)
    await bot.edit_after(alice, since)
    answer = await bot.press(alice, ShowItem("tips", "removed-tip").encode(), listing)
    assert answer.params["text"] == knowledge_texts.ITEM_GONE
    await bot.settle()
    shown = bot.server.messages[(alice.id, listing.message_id)]
    assert shown["text"].startswith("Ways to prevent leg cramps")
    assert shown["reply_markup"] == listing.params["reply_markup"]


async def test_button_on_a_message_the_bot_never_sent(bot: Driver, alice: FakeUser) -> None:
    since = bot.mark()
    await bot.press(alice, ShowList("causes").encode(), message=None)
    fresh = await bot.server.wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == alice.id, since=since
    )
    assert fresh.text == knowledge_texts.CAUSES_INTRO


async def test_double_tap_on_the_same_button(bot: Driver, alice: FakeUser) -> None:
    listing = await bot.send(alice, "/causes")
    data = listing.button("Not drinking enough")["callback_data"]
    await bot.press(alice, data, listing)
    second = await bot.press(alice, data, listing)
    assert "text" not in second.params
    await bot.settle()
    assert len(bot.server.calls("editMessageText", alice.id)) == 1
    assert len(bot.server.calls("sendMessage", alice.id)) == 1  # no error message either


async def test_group_chats_get_a_pointer_and_channels_are_ignored(
    bot: Driver, alice: FakeUser
) -> None:
    group = {"id": -100123, "type": "group", "title": "Runners"}
    since = bot.mark()
    bot.server.inject_message(alice, "/start", chat=group)
    reply = await bot.server.wait_for(lambda r: r.method == "sendMessage", since=since)
    assert reply.chat_id == -100123 and reply.text == core_texts.PRIVATE_ONLY
    bot.server.inject_message(alice, "hello all", chat=group)
    bot.server.inject_message(alice, "/start", chat={"id": -1009, "type": "channel", "title": "C"})
    await bot.settle()
    assert [r.chat_id for r in bot.server.calls("sendMessage", since=since)] == [
        -100123,
        999999999,
    ]
    assert bot.db["users"].count == 0


async def test_user_who_blocked_the_bot_is_unsubscribed(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    bot.server.blocked_chats.add(alice.id)
    bot.server.inject_message(alice, "/help")
    await bot.settle()
    row = bot.db["users"].get(alice.id)
    assert row["blocked_at"] is not None
    assert row["subscribed"] == 0 and next_tip_at(bot, alice) is None

    bot.server.blocked_chats.clear()
    await bot.send(alice, "/start")
    row = bot.db["users"].get(alice.id)
    assert row["blocked_at"] is None and row["subscribed"] == 1


async def test_telegram_error_gets_an_apology_and_a_clean_log(
    bot: Driver, alice: FakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    failures = iter([True])

    def fail_once(method: str, params: dict) -> None:
        if method == "sendMessage" and next(failures, False):
            raise TelegramFault(400, "Bad Request: can't parse entities")

    bot.server.fault_hooks.append(fail_once)
    with caplog.at_level(logging.DEBUG):
        update = bot.server.inject_message(alice, "/help")
        apology = await bot.server.wait_for(
            lambda r: r.method == "sendMessage" and not r.error and r.chat_id == alice.id
        )
    assert apology.text == core_texts.ERROR_APOLOGY
    assert "Traceback" not in apology.text
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors, "the failure must be logged"
    assert f"update {update['update_id']}" in errors[0].getMessage()
    assert f"user {alice.id}" in errors[0].getMessage()
    full_log = "\n".join(caplog.text.splitlines())
    assert TOKEN not in full_log
