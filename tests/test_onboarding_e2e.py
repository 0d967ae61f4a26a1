"""Issue 14: the first /start asks for the time zone and the tip time, in at most three
taps, each step skippable, and ends with one message saying when the first tip comes on
the user's own clock. Over real HTTP, with the clock at 09:00 UTC on Monday 2 March 2026."""

from __future__ import annotations

from typing import Any

import pytest

from bot.config import Config
from bot.diary import texts as diary_texts
from bot.onboarding import texts
from tests.fake_bot_api import FakeBotApi, FakeUser, Recorded
from tests.onboarding_support import reply_to
from tests.support import Driver, FakeClock, running_bot

NEW_YORK = {"latitude": 40.7128, "longitude": -74.006}
SYDNEY = {"latitude": -33.8688, "longitude": 151.2093}
OPEN_SEA = {"latitude": 91.0, "longitude": 0.0}


def keyboard(message: Recorded) -> list[list[dict[str, Any]]]:
    keys: list[list[dict[str, Any]]] = message.params["reply_markup"]["keyboard"]
    return keys


def labels(message: Recorded) -> list[str]:
    return [key["text"] for row in keyboard(message) for key in row]


def tip_row(bot: Driver, user: FakeUser) -> tuple[int, str, str, str | None]:
    return bot.db.execute(
        "SELECT u.subscribed, u.timezone, s.local_time, s.next_due_at FROM users u "
        "JOIN schedules s ON s.user_id = u.user_id AND s.kind = 'tip' WHERE u.user_id = ?",
        [user.id],
    ).fetchone()


async def share(bot: Driver, user: FakeUser, place: dict[str, float]) -> Recorded:
    since = bot.mark()
    bot.server.inject_message(user, "", location=place)
    return await bot.server.wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == user.id and not r.error, since=since
    )


def removes_keyboard(message: Recorded) -> bool:
    return bool(message.params["reply_markup"] == {"remove_keyboard": True})


async def test_start_subscribes_and_asks_for_the_zone(bot: Driver, alice: FakeUser) -> None:
    question = await bot.send(alice, "/start")
    assert "Hello Alice" in question.text and "Which time zone are you in?" in question.text
    assert "Not medical advice" in question.text
    assert keyboard(question)[0][0] == {"text": texts.SHARE_LOCATION, "request_location": True}
    assert {"New York", "Berlin", "Tokyo", "Sydney", "Kolkata"} <= set(labels(question))
    assert labels(question)[-1] == texts.SKIP
    # Subscribed with the defaults already: an abandoned onboarding still brings the tip.
    assert tip_row(bot, alice) == (1, "UTC", "08:00", "2026-03-03T08:00:00Z")


async def test_share_location_then_a_time_button_in_two_taps(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    question = await share(bot, alice, NEW_YORK)  # tap 1
    assert "America/New_York" in question.text and "When would you like" in question.text
    assert labels(question) == [
        *("6:00 AM", "7:00 AM", "8:00 AM", "9:00 AM"),
        *("12:00 PM", "6:00 PM", "8:00 PM", "9:00 PM"),
        texts.SKIP,
    ]
    assert "keeps 8:00 AM" in question.text
    done = await bot.send(alice, "7:00 AM")  # tap 2: the button sends its label
    # 09:00 UTC is 04:00 in New York: today's 07:00 is still to come.
    assert "Your first tip comes <b>today at 7:00 AM</b> (New York time)" in done.text
    assert removes_keyboard(done)
    assert tip_row(bot, alice) == (1, "America/New_York", "07:00", "2026-03-02T12:00:00Z")
    dump = "\n".join(bot.db.iterdump())
    assert "40.71" not in dump and "74.00" not in dump
    assert bot.db["pending_prompts"].count == 0


async def test_a_city_button_and_a_typed_time(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    question = await bot.send(alice, "Berlin")
    assert "Europe/Berlin" in question.text
    assert labels(question)[:2] == ["06:00", "07:00"]  # Berlin reads the 24-hour clock
    done = await bot.send(alice, "07:30")
    # 10:00 in Berlin already: the first tip is tomorrow's.
    assert "Your first tip comes <b>tomorrow at 07:30</b> (Berlin time)" in done.text
    assert tip_row(bot, alice) == (1, "Europe/Berlin", "07:30", "2026-03-03T06:30:00Z")


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("america/denver", "America/Denver"),
        ("Paris", "Europe/Paris"),
        ("buenos aires", "America/Argentina/Buenos_Aires"),
        ("Asia/Calcutta", "Asia/Kolkata"),
    ],
)
async def test_a_typed_zone_or_city(bot: Driver, alice: FakeUser, typed: str, zone: str) -> None:
    await bot.send(alice, "/start")
    question = await bot.send(alice, typed)
    assert f"Time zone: <b>{zone}</b>" in question.text
    assert tip_row(bot, alice)[1] == zone


async def test_a_name_of_several_zones_offers_them(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    choices = await bot.send(alice, "EST")
    assert "could be more than one time zone" in choices.text
    assert "America/New_York" in labels(choices) and labels(choices)[-1] == texts.SKIP
    assert tip_row(bot, alice)[1] == "UTC"
    question = await bot.send(alice, "America/New_York")  # the choice's button
    assert "When would you like" in question.text
    assert tip_row(bot, alice)[1] == "America/New_York"


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("07:30", "07:30", "tomorrow at 07:30"),
        ("7:30 am", "07:30", "tomorrow at 07:30"),
        ("7pm", "19:00", "today at 19:00"),
        ("19:00", "19:00", "today at 19:00"),
        ("7.30", "07:30", "tomorrow at 07:30"),
        ("9:15 PM", "21:15", "today at 21:15"),
    ],
)
async def test_a_typed_time_in_each_format(
    bot: Driver, alice: FakeUser, typed: str, stored: str, shown: str
) -> None:
    await bot.send(alice, "/start")
    await bot.send(alice, texts.SKIP)
    done = await bot.send(alice, typed)
    assert f"Your first tip comes <b>{shown}</b> (UTC time)" in done.text
    assert tip_row(bot, alice)[1:3] == ("UTC", stored)


async def test_skip_at_both_steps_keeps_the_defaults(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    question = await bot.send(alice, texts.SKIP)
    assert "Time zone: <b>UTC</b>" in question.text and "keeps 08:00" in question.text
    done = await bot.send(alice, texts.SKIP)
    assert "Your first tip comes <b>tomorrow at 08:00</b> (UTC time)" in done.text
    assert "not a doctor" in done.text and removes_keyboard(done)
    assert tip_row(bot, alice) == (1, "UTC", "08:00", "2026-03-03T08:00:00Z")


async def test_skip_the_zone_only(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    await bot.send(alice, "skip")
    done = await bot.send(alice, "6:00")
    assert "Your first tip comes <b>tomorrow at 06:00</b> (UTC time)" in done.text
    assert tip_row(bot, alice)[1:3] == ("UTC", "06:00")


async def test_skip_the_time_only_in_a_12_hour_zone(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    question = await share(bot, alice, SYDNEY)
    assert "Australia/Sydney" in question.text and "9:00 PM" in labels(question)
    done = await bot.send(alice, texts.SKIP)
    # 09:00 UTC is 20:00 in Sydney: 08:00 tomorrow there.
    assert "Your first tip comes <b>tomorrow at 8:00 AM</b> (Sydney time)" in done.text
    assert tip_row(bot, alice) == (1, "Australia/Sydney", "08:00", "2026-03-02T21:00:00Z")


async def test_a_location_in_no_zone_asks_again(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    again = await share(bot, alice, OPEN_SEA)
    assert "couldn't work out a time zone" in again.text
    assert keyboard(again)[0][0]["request_location"] is True
    assert "Time zone: <b>Asia/Tokyo</b>" in (await bot.send(alice, "Tokyo")).text


async def test_an_unreadable_reply_to_a_step_asks_again(bot: Driver, alice: FakeUser) -> None:
    question = await bot.send(alice, "/start")
    since = bot.mark()
    bot.server.inject_message(alice, "Atlantis", reply_to_message=reply_to(alice, question))
    again = await bot.server.wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == alice.id, since=since
    )
    assert "I don't know the time zone “Atlantis”" in again.text
    assert labels(again)[-1] == texts.SKIP
    assert "When would you like" in (await bot.send(alice, "Tokyo")).text


async def test_unrelated_text_leaves_onboarding_with_the_defaults(
    bot: Driver, alice: FakeUser
) -> None:
    await bot.send(alice, "/start")
    reply = await bot.send(alice, "my calf hurts at night")
    assert reply.text == diary_texts.TYPED_NOT_UNDERSTOOD
    assert (await bot.send(alice, "Paris")).text == diary_texts.TYPED_NOT_UNDERSTOOD
    assert (await bot.send(alice, "Berlin")).text == texts.STALE_KEYBOARD  # a keyboard label
    assert tip_row(bot, alice) == (1, "UTC", "08:00", "2026-03-03T08:00:00Z")


async def test_a_step_expires_after_15_minutes(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    await bot.send(alice, "/start")
    await bot.send(alice, "Tokyo")
    clock.advance(minutes=15)
    assert (await bot.send(alice, "7pm")).text == diary_texts.TYPED_NOT_UNDERSTOOD
    assert (await bot.send(alice, "6:00 PM")).text == texts.STALE_KEYBOARD
    assert tip_row(bot, alice)[1:3] == ("Asia/Tokyo", "08:00")


async def test_onboarding_goes_on_after_a_restart(
    config: Config, server: FakeBotApi, clock: FakeClock, alice: FakeUser
) -> None:
    async with running_bot(config, server, clock) as bot:
        await bot.send(alice, "/start")
        await bot.send(alice, "New York")
    clock.advance(minutes=3)
    async with running_bot(config, server, clock) as bot:
        done = await bot.send(alice, "6:00 AM")
        assert "<b>today at 6:00 AM</b> (New York time)" in done.text


async def test_a_known_user_keeps_the_old_start(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/timezone Europe/Berlin")  # known before any /start
    welcome = await bot.send(alice, "/start")
    assert "You are now subscribed" in welcome.text and "Which time zone" not in welcome.text
    assert "📝 Log a cramp" in welcome.button_labels
    again = await bot.send(alice, "/start")
    assert "You are subscribed" in again.text
    assert bot.db["pending_prompts"].count == 0


async def test_a_tap_on_an_expired_steps_keyboard_is_explained(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    await bot.send(alice, "/start")
    clock.advance(minutes=20)
    for label in ("Berlin", texts.SKIP, "7:00 AM", "07:00"):
        reply = await bot.send(alice, label)
        assert reply.text == texts.STALE_KEYBOARD and removes_keyboard(reply)
    assert tip_row(bot, alice)[1:3] == ("UTC", "08:00")
