"""Issue 14: after a question that takes a typed answer, the next plain message is the
answer when it reads as one or replies to the question; anything else cancels it and is
handled as usual. Questions expire after 15 minutes and survive a restart."""

from __future__ import annotations

from typing import Any

import pytest

from bot.config import Config
from bot.core import texts as core_texts
from bot.core.prompts import PromptKinds, PromptRouter
from bot.daily import texts as daily_texts
from bot.diary import texts as diary_texts
from tests.fake_bot_api import FakeBotApi, FakeUser, Recorded
from tests.onboarding_support import reply_to
from tests.support import Driver, FakeClock, running_bot


async def send_reply(bot: Driver, user: FakeUser, text: str, to: Recorded | int) -> Recorded:
    since = bot.mark()
    bot.server.inject_message(user, text, reply_to_message=reply_to(user, to))
    return await bot.server.wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == user.id and not r.error, since=since
    )


def settings_row(bot: Driver, user: FakeUser) -> tuple[str, str]:
    return bot.db.execute(
        "SELECT s.local_time, u.timezone FROM users u "
        "JOIN schedules s ON s.user_id = u.user_id AND s.kind = 'tip' WHERE u.user_id = ?",
        [user.id],
    ).fetchone()


def pending_kind(bot: Driver, user: FakeUser) -> str | None:
    row = bot.db.execute("SELECT kind FROM pending_prompts WHERE user_id = ?", [user.id]).fetchone()
    return row[0] if row else None


async def test_a_typed_time_after_the_time_prompt_sets_it(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    prompt = await bot.send(alice, "/time")
    assert prompt.text == daily_texts.TIME_PROMPT
    assert pending_kind(bot, alice) == "time"
    reply = await bot.send(alice, "07:45")
    assert reply.text != core_texts.PLAIN_TEXT_HINT
    assert "Done" in reply.text and "07:45" in reply.text
    assert settings_row(bot, alice)[0] == "07:45"
    assert pending_kind(bot, alice) is None
    again = await bot.send(alice, "08:15")  # answered: the next time is plain text again
    assert again.text == diary_texts.TYPED_NOT_UNDERSTOOD
    assert settings_row(bot, alice)[0] == "07:45"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("7:30 am", "07:30"), ("7pm", "19:00"), ("19.15", "19:15"), ("12 a.m.", "00:00")],
)
async def test_the_time_prompt_takes_each_format(
    bot: Driver, alice: FakeUser, typed: str, stored: str
) -> None:
    await bot.send(alice, "/start")
    await bot.send(alice, "/time")
    assert "Done" in (await bot.send(alice, typed)).text
    assert settings_row(bot, alice)[0] == stored


async def test_a_reply_to_the_prompt_is_the_answer_even_when_unreadable(
    bot: Driver, alice: FakeUser
) -> None:
    await bot.send(alice, "/start")
    prompt = await bot.send(alice, "/time")
    bad = await send_reply(bot, alice, "half past seven", prompt)
    assert "couldn't read" in bad.text and "half past seven" in bad.text
    assert pending_kind(bot, alice) == "time"  # still waiting for a good one
    done = await send_reply(bot, alice, "7:30", prompt)
    assert "Done" in done.text and settings_row(bot, alice)[0] == "07:30"


async def test_unrelated_text_cancels_and_is_handled_as_usual(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    before = settings_row(bot, alice)
    await bot.send(alice, "/time")
    reply = await bot.send(alice, "my legs hurt")
    assert reply.text == diary_texts.TYPED_NOT_UNDERSTOOD
    assert pending_kind(bot, alice) is None
    assert (await bot.send(alice, "07:45")).text == diary_texts.TYPED_NOT_UNDERSTOOD
    assert settings_row(bot, alice) == before


async def test_a_command_cancels_the_prompt_and_runs(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    await bot.send(alice, "/time")
    assert "what I can do" in (await bot.send(alice, "/help")).text
    assert pending_kind(bot, alice) is None


async def test_a_reply_to_another_message_is_not_an_answer(bot: Driver, alice: FakeUser) -> None:
    welcome = await bot.send(alice, "/start")
    await bot.send(alice, "/time")
    before = settings_row(bot, alice)
    reply = await send_reply(bot, alice, "07:45", welcome)
    assert reply.text == core_texts.PLAIN_TEXT_HINT
    assert settings_row(bot, alice) == before


async def test_a_prompt_expires_after_15_minutes(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    await bot.send(alice, "/start")
    before = settings_row(bot, alice)
    await bot.send(alice, "/time")
    clock.advance(minutes=14, seconds=59)
    assert "Done" in (await bot.send(alice, "06:10")).text
    await bot.send(alice, "/time")
    clock.advance(minutes=15)
    assert (await bot.send(alice, "07:45")).text == diary_texts.TYPED_NOT_UNDERSTOOD
    assert settings_row(bot, alice) != before and settings_row(bot, alice)[0] == "06:10"


async def test_a_typed_zone_after_the_zone_prompt(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    since = bot.mark()
    bot.server.inject_message(alice, "/timezone")
    await bot.server.wait_for(lambda r: "To find your zone" in r.text, since=since)
    reply = await bot.send(alice, "new york")
    assert "Done" in reply.text and "America/New_York" in reply.text
    assert reply.params["reply_markup"] == {"remove_keyboard": True}
    assert settings_row(bot, alice)[1] == "America/New_York"


async def test_an_ambiguous_zone_gets_choices(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    since = bot.mark()
    bot.server.inject_message(alice, "/timezone")
    await bot.server.wait_for(lambda r: "To find your zone" in r.text, since=since)
    reply = await bot.send(alice, "EST")
    assert "America/New_York" in reply.button_labels
    assert settings_row(bot, alice)[1] == "UTC"


async def test_a_time_button_settles_the_prompt(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    prompt = await bot.send(alice, "/time")
    since = bot.mark()
    await bot.press(alice, prompt.button("09:00")["callback_data"], prompt)
    await bot.edit_after(alice, since)
    assert pending_kind(bot, alice) is None


async def test_a_pending_prompt_survives_a_restart(
    config: Config, server: FakeBotApi, clock: FakeClock, alice: FakeUser
) -> None:
    async with running_bot(config, server, clock) as bot:
        await bot.send(alice, "/start")
        await bot.send(alice, "/time")
    clock.advance(minutes=5)
    async with running_bot(config, server, clock) as bot:
        reply = await bot.send(alice, "7pm")
        assert "Done" in reply.text
        assert settings_row(bot, alice)[0] == "19:00"


async def test_forget_erases_a_pending_prompt(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    await bot.send(alice, "/time")
    confirm = await bot.send(alice, "/forget")
    await bot.press(alice, confirm.button("Yes")["callback_data"], confirm)
    await bot.settle()
    assert pending_kind(bot, alice) is None


def test_kind_names_are_unique_across_features() -> None:
    first, second = PromptKinds(), PromptKinds()

    async def answer(answer: Any, context: Any) -> None:
        """Never called."""

    first.on("note", lambda message: None)(answer)
    with pytest.raises(ValueError, match="already has a handler"):
        first.on("note", lambda message: None)(answer)
    second.on("note", lambda message: None)(answer)
    with pytest.raises(ValueError, match="two features"):
        PromptRouter(first, second)


async def test_time_buttons_and_answers_on_a_12_hour_clock(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    await bot.send(alice, "/timezone America/Chicago")
    prompt = await bot.send(alice, "/time")
    assert prompt.button_labels[:3] == ["6:00 AM", "7:00 AM", "8:00 AM"]
    assert prompt.button_labels[-1] == "9:00 PM"
    reply = await bot.send(alice, "6:45 pm")
    assert "<b>6:45 PM</b> (America/Chicago time)" in reply.text
    assert settings_row(bot, alice) == ("18:45", "America/Chicago")
    settings = await bot.send(alice, "/settings")
    assert "Daily tip: <b>6:45 PM</b>" in settings.text


async def test_expired_questions_are_not_kept(
    bot: Driver, alice: FakeUser, bob: FakeUser, clock: FakeClock
) -> None:
    """/privacy says a question is kept for 15 minutes: the next one asked clears them."""
    await bot.send(alice, "/start")
    await bot.send(alice, "/time")
    clock.advance(minutes=16)
    await bot.send(bob, "/time")
    assert pending_kind(bot, alice) is None and pending_kind(bot, bob) == "time"


async def test_the_settings_pickers_take_typed_answers(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    settings = await bot.send(alice, "/settings")
    await bot.press(alice, settings.button("⏰ 08:00")["callback_data"], settings)
    assert "Done" in (await bot.send(alice, "6:20 am")).text
    settings = await bot.send(alice, "/settings")
    await bot.press(alice, settings.button("Time zone")["callback_data"], settings)
    await bot.settle()
    assert "Done" in (await bot.send(alice, "Tokyo")).text
    assert settings_row(bot, alice) == ("06:20", "Asia/Tokyo")
