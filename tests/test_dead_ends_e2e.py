"""Issue 13, items 1-7: no message keeps buttons that stopped meaning anything, and no
path ends in a stock reply. Driven over real HTTP through the fake Bot API."""

from __future__ import annotations

from datetime import time
from typing import Any

import pytest

from bot.account import texts as account_texts
from bot.admin import texts as admin_texts
from bot.admin.buttons import RemoveTeamTip
from bot.diary import texts as diary_texts
from bot.onboarding import texts as onboarding_texts
from tests.admin_support import ADA, crowd, preview
from tests.admin_support import subscribe as subscribe_all
from tests.daily_support import run_job, subscribe, tips_to, utc
from tests.diary_support import is_expired, log_cramp, press_and_edit
from tests.fake_bot_api import FakeUser, Recorded
from tests.support import Driver, FakeClock


def shown(bot: Driver, message: Recorded) -> dict[str, Any]:
    """The message as the user's chat shows it now, after any edits."""
    return bot.server.messages[(message.chat_id or 0, message.message_id)]


def message_id_of(edit: Recorded) -> int:
    return int(edit.params["message_id"])


def live_buttons(bot: Driver, message: Recorded) -> list[list[dict[str, Any]]]:
    return shown(bot, message).get("reply_markup", {}).get("inline_keyboard", [])


# -- 1. "Another tip" under the daily tip ---------------------------------------------


async def test_another_tip_leaves_the_daily_tip_and_comes_as_a_new_message(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, "Europe/Berlin", "11:00")
    clock.set(utc(2026, 3, 2, 10))
    await run_job(bot)
    (tip,) = tips_to(bot, alice)
    before = dict(shown(bot, tip))

    since = bot.mark()
    await bot.press(alice, tip.button("Another tip")["callback_data"], tip)
    await bot.settle()
    assert bot.server.calls("editMessageText", alice.id, since) == []
    [another] = bot.server.sent_to(alice.id, since)
    assert "Source" in another.text and another.text != tip.text
    assert shown(bot, tip) == before
    assert tip.button_labels == ["🔄 Another tip", "📝 Log a cramp", "⏰ Change time"]

    since = bot.mark()
    await bot.press(alice, another.button("Another tip")["callback_data"], another)
    browsed = await bot.edit_after(alice, since)
    assert message_id_of(browsed) == another.message_id  # browsing edits in place
    assert shown(bot, tip) == before


# -- 2. Buttons that outlive their use ------------------------------------------------


async def test_a_superseded_broadcast_preview_loses_its_buttons(bot: Driver) -> None:
    await subscribe_all(bot, crowd(2))
    first = await preview(bot, ADA, "/broadcast First draft")
    second = await preview(bot, ADA, "/broadcast Second draft")
    await bot.settle()
    assert live_buttons(bot, first) == []
    assert shown(bot, first)["text"] == "First draft"
    assert [b["text"] for row in live_buttons(bot, second) for b in row] == (second.button_labels)


async def test_also_broadcast_now_goes_once_used(bot: Driver) -> None:
    await subscribe_all(bot, crowd(1))
    added = await bot.send(ADA, "/addtip Stretch your calves before bed.")
    assert live_buttons(bot, added) != []
    await preview_from_button(bot, added)
    assert live_buttons(bot, added) == []


async def preview_from_button(bot: Driver, added: Recorded) -> Recorded:
    since = bot.mark()
    await bot.press(ADA, added.button("Also broadcast")["callback_data"], added)
    return await bot.server.wait_for(
        lambda r: r.method == "sendMessage" and bool(r.buttons), since=since
    )


async def test_a_new_log_retires_the_unfinished_one(bot: Driver, alice: FakeUser) -> None:
    first = await bot.send(alice, "/log")
    question = await press_and_edit(bot, alice, first.button("Left calf")["callback_data"], first)
    assert question.buttons  # halfway: where chosen, severity not yet
    second = await bot.send(alice, "/log")
    await bot.settle()
    assert shown(bot, first)["text"] == diary_texts.LOG_REPLACED
    assert live_buttons(bot, first) == []
    assert live_buttons(bot, second) == second.buttons

    # A saved entry's details stay open: only unfinished flows are retired.
    saved_flow, saved = await log_cramp(bot, alice)
    await bot.send(alice, "/log")
    await bot.settle()
    assert shown(bot, saved_flow)["text"].startswith("✅ Saved")
    assert live_buttons(bot, saved_flow) == saved.buttons


async def test_choosing_a_zone_by_button_removes_the_location_keyboard(
    bot: Driver, alice: FakeUser
) -> None:
    since = bot.mark()
    bot.server.inject_message(alice, "/timezone")
    location_prompt = await bot.server.wait_for(
        lambda r: r.params.get("reply_markup", {}).get("keyboard") is not None, since=since
    )
    (zones,) = [r for r in bot.server.sent_to(alice.id, since) if r.buttons]
    assert location_prompt.message_id > zones.message_id

    since = bot.mark()
    await bot.press(alice, zones.button("Berlin")["callback_data"], zones)
    done = await bot.server.wait_for(lambda r: r.method == "sendMessage", since=since)
    assert "Europe/Berlin" in done.text
    assert done.params["reply_markup"] == {"remove_keyboard": True}
    assert live_buttons(bot, zones) == [] and "Europe/Berlin" in shown(bot, zones)["text"]


async def test_a_shared_location_retires_the_zone_buttons(bot: Driver, alice: FakeUser) -> None:
    since = bot.mark()
    bot.server.inject_message(alice, "/timezone")
    await bot.settle()
    (zones,) = [r for r in bot.server.sent_to(alice.id, since) if r.buttons]
    bot.server.inject_message(alice, "", location={"latitude": 40.7128, "longitude": -74.006})
    await bot.settle()
    assert live_buttons(bot, zones) == []

    since = bot.mark()
    bot.server.inject_message(alice, "/timezone")
    await bot.settle()
    (newer,) = [r for r in bot.server.sent_to(alice.id, since) if r.buttons]
    bot.server.inject_message(alice, "/timezone")
    await bot.settle()
    assert live_buttons(bot, newer) == []  # a newer offer retires the older one


async def test_change_time_turns_the_settings_message_into_the_picker(
    bot: Driver, alice: FakeUser
) -> None:
    settings = await bot.send(alice, "/settings")
    since = bot.mark()
    await bot.press(alice, settings.button("⏰ 08:00")["callback_data"], settings)
    picker = await bot.edit_after(alice, since)
    await bot.settle()
    assert message_id_of(picker) == settings.message_id
    assert bot.server.sent_to(alice.id, since) == []
    assert "When would you like" in shown(bot, settings)["text"]
    assert "09:00" in [b["text"] for row in live_buttons(bot, settings) for b in row]

    settings = await bot.send(alice, "/settings")
    since = bot.mark()
    await bot.press(alice, settings.button("Time zone")["callback_data"], settings)
    offer = await bot.edit_after(alice, since)
    assert message_id_of(offer) == settings.message_id and "Which time zone" in offer.text


# -- 3. /help -------------------------------------------------------------------------


async def test_help_is_grouped_with_buttons(bot: Driver, alice: FakeUser) -> None:
    reply = await bot.send(alice, "/help")
    for title, _ in account_texts.HELP_GROUPS:
        assert f"<b>{title}</b>" in reply.text
    for name, _ in account_texts.COMMANDS:
        assert f"/{name}:" in reply.text
    assert "/broadcast" not in reply.text
    assert reply.button_labels == [
        "📝 Log a cramp",
        "📒 My diary",
        "💡 Prevention tips",
        "❓ Why legs cramp",
        "⏰ Tip settings",
        "🔒 Privacy",
    ]
    since = bot.mark()
    await bot.press(alice, reply.button("My diary")["callback_data"], reply)
    diary = await bot.server.wait_for(lambda r: r.method == "sendMessage", since=since)
    assert diary.text == diary_texts.HISTORY_EMPTY
    since = bot.mark()
    await bot.press(alice, reply.button("Tip settings")["callback_data"], reply)
    settings = await bot.server.wait_for(lambda r: r.method == "sendMessage", since=since)
    assert "<b>Your settings</b>" in settings.text
    since = bot.mark()
    await bot.press(alice, reply.button("Privacy")["callback_data"], reply)
    privacy = await bot.server.wait_for(lambda r: r.method == "sendMessage", since=since)
    assert privacy.text == account_texts.PRIVACY


async def test_every_command_is_in_exactly_one_help_group() -> None:
    grouped = [name for _, names in account_texts.HELP_GROUPS for name in names]
    assert sorted(grouped) == sorted(name for name, _ in account_texts.COMMANDS)


async def test_admins_see_their_commands_in_help(bot: Driver) -> None:
    reply = await bot.send(ADA, "/help")
    for name, _ in admin_texts.ADMIN_COMMANDS:
        assert f"/{name}:" in reply.text


# -- 4. Empty states ------------------------------------------------------------------


async def test_empty_diary_answers_offer_the_log_button(bot: Driver, alice: FakeUser) -> None:
    for command in ("/stats", "/history", "/export"):
        reply = await bot.send(alice, command)
        assert reply.button_labels == ["📝 Log a cramp"], command
        since = bot.mark()
        await bot.press(alice, reply.button("Log a cramp")["callback_data"], reply)
        flow = await bot.server.wait_for(lambda r: r.method == "sendMessage", since=since)
        assert flow.text == diary_texts.LOG_WHERE


# -- 5. /stats in one photo -----------------------------------------------------------


async def test_stats_is_one_photo_with_the_figures_as_caption(bot: Driver, alice: FakeUser) -> None:
    await log_cramp(bot, alice, "Right thigh", "Moderate")
    since = bot.mark()
    bot.server.inject_message(alice, "/stats")
    await bot.settle()
    [photo] = bot.server.sent_to(alice.id, since)
    assert photo.method == "sendPhoto"
    assert photo.text.startswith(diary_texts.CHART_CAPTION)
    assert "<b>Last 7 days</b>\nCramps: 1" in photo.text and "<b>Last 30 days</b>" in photo.text
    assert len(photo.text) <= 1024


# -- 6. Team tip numbers for admins ---------------------------------------------------


async def test_admins_see_team_tip_numbers_and_can_remove_one_by_button(
    bot: Driver, alice: FakeUser
) -> None:
    await bot.send(ADA, "/addtip Keep a glass of water by the bed.")
    assert "#1 Keep a glass of water by the bed." in (await bot.send(ADA, "/admin")).text
    listing = await bot.send(ADA, "/tips")
    assert "#1 👥 Keep a glass of water by the bed." in listing.button_labels
    users_listing = await bot.send(alice, "/tips")
    assert "👥 Keep a glass of water by the bed." in users_listing.button_labels
    assert not any("#1" in label for label in users_listing.button_labels)

    detail = await press_and_edit(
        bot, alice, users_listing.button("👥")["callback_data"], users_listing
    )
    assert not any("Remove" in label for label in detail.button_labels)
    forged = await bot.press(alice, RemoveTeamTip(1).encode(), users_listing)
    assert is_expired(forged) and bot.db["admin_tips"].get(1)["removed_at"] is None

    detail = await press_and_edit(bot, ADA, listing.button("#1")["callback_data"], listing)
    assert "Team tip #1" in detail.text
    removed = await press_and_edit(
        bot, ADA, detail.button("Remove team tip #1")["callback_data"], listing
    )
    assert removed.text == admin_texts.tip_removed(1)
    assert bot.db["admin_tips"].get(1)["removed_by"] == "telegram:42"
    assert "👥" not in " ".join((await bot.send(alice, "/tips")).button_labels)


# -- 7. A second /start ---------------------------------------------------------------


async def test_a_second_start_is_short_with_the_menu(bot: Driver, alice: FakeUser) -> None:
    first = await bot.send(alice, "/start")
    done = await bot.send(alice, onboarding_texts.SKIP)
    done = await bot.send(alice, onboarding_texts.SKIP)
    again = await bot.send(alice, "/start")
    assert "Hello Alice" in first.text and "Hello" not in again.text
    assert again.text == account_texts.welcome_back(time(8, 0), "UTC")
    assert len(again.text) < len(done.text) // 2
    assert again.button_labels == [
        "📝 Log a cramp",
        "💡 Prevention tips",
        "❓ Why legs cramp",
        "📖 Help",
    ]


async def test_stats_figures_too_long_for_a_caption_follow_the_chart(
    bot: Driver, alice: FakeUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(diary_texts, "CHART_CAPTION", "📊 " + "a long caption " * 66)
    await log_cramp(bot, alice)
    since = bot.mark()
    bot.server.inject_message(alice, "/stats")
    await bot.settle()
    photo, figures = bot.server.sent_to(alice.id, since)
    assert photo.method == "sendPhoto" and photo.text == diary_texts.CHART_CAPTION
    assert figures.method == "sendMessage" and "<b>Last 7 days</b>" in figures.text
