"""The features meet: a daily tip leads into the diary, the diary steers the next tip,
and /forget leaves nothing behind from any of them. Driven only through the UI."""

from __future__ import annotations

import pytest

from bot.config import Config
from tests.daily_support import run_job, subscribe, tips_to, utc
from tests.diary_support import entries, press_and_edit
from tests.fake_bot_api import FakeUser
from tests.support import Driver, FakeClock

PER_USER_TABLES = ("cramp_entries", "deliveries", "tip_rotation", "diary_red_flags")


@pytest.fixture
def config(config: Config) -> Config:
    return config.model_copy(update={"bulk_messages_per_second": 0})


async def test_tip_to_diary_to_personal_tip_to_forget(
    bot: Driver, clock: FakeClock, alice: FakeUser, bob: FakeUser
) -> None:
    await subscribe(bot, alice, "Europe/Berlin", "08:00")
    await subscribe(bot, bob, "Europe/Berlin", "08:00")
    clock.set(utc(2026, 3, 3, 7))
    await run_job(bot)
    (tip,) = tips_to(bot, alice)

    since = bot.mark()
    await bot.press(alice, tip.button("Log a cramp")["callback_data"], tip)
    flow = await bot.server.wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == alice.id, since=since
    )
    question = await press_and_edit(bot, alice, flow.button("Left calf")["callback_data"], flow)
    saved = await press_and_edit(bot, alice, question.button("Severe")["callback_data"], flow)
    await press_and_edit(bot, alice, saved.button("It woke me")["callback_data"], flow)
    [entry] = entries(bot, alice)
    assert (entry["muscle"], entry["side"], entry["severity"], entry["woke"]) == (
        "calf",
        "left",
        3,
        1,
    )

    clock.set(utc(2026, 3, 4, 7))
    await run_job(bot)
    second = tips_to(bot, alice)[-1]
    assert "because you logged night cramps" in second.text
    assert "because you logged" not in tips_to(bot, bob)[-1].text

    confirm = await bot.send(alice, "/forget")
    since = bot.mark()
    await bot.press(alice, confirm.button("Yes")["callback_data"], confirm)
    await bot.edit_after(alice, since)
    await bot.settle()
    assert bot.db["users"].count_where("user_id = ?", [alice.id]) == 0
    for table in PER_USER_TABLES:
        assert bot.db[table].count_where("user_id = ?", [alice.id]) == 0, table
    assert bot.db["deliveries"].count_where("user_id = ?", [bob.id]) == 2

    clock.set(utc(2026, 3, 5, 7))
    await run_job(bot)
    assert len(tips_to(bot, alice)) == 2  # nothing more once forgotten
    welcome = await bot.send(alice, "/start")
    assert "Which time zone are you in?" in welcome.text  # onboarding, like a new user
