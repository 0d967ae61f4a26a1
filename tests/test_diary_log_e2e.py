"""Logging a cramp with inline buttons, over real HTTP: taps, details, undo, and abuse."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime

from bot.diary.buttons import (
    HistoryDelete,
    HistoryDeleteConfirm,
    HistoryEdit,
    LogDayPart,
    LogDone,
    LogDuration,
    LogHelped,
    LogLevel,
    LogNoteRemove,
    LogPlace,
    LogSection,
    LogSeverity,
    LogTried,
    LogTrigger,
    LogUndo,
    LogWhen,
    LogWoke,
)
from tests.diary_support import (
    entries,
    is_expired,
    log_cramp,
    press_and_edit,
    set_timezone,
    triggers_of,
)
from tests.fake_bot_api import FakeUser
from tests.support import Driver


@contextlib.asynccontextmanager
async def answers_held(bot: Driver) -> AsyncIterator[None]:
    """Telegram slow to answer `answerCallbackQuery`: what the user sees must not wait."""
    bot.server.hold_answers_to("answerCallbackQuery")
    try:
        yield
    finally:
        bot.server.release_answers_to("answerCallbackQuery")


async def test_log_command_saves_an_entry_in_two_taps(bot: Driver, alice: FakeUser) -> None:
    flow = await bot.send(alice, "/log")
    assert "Where is the cramp?" in flow.text
    assert flow.button_labels[:3] == ["Left calf", "Right calf", "Both calves"]
    assert len(flow.button_labels) == 14  # four muscles times three sides, no cramps, Cancel
    taps = 0

    since = bot.mark()
    await bot.press(alice, flow.button("Right foot")["callback_data"], flow)
    taps += 1
    question = await bot.edit_after(alice, since)
    assert "Right foot" in question.text and "How bad" in question.text
    assert entries(bot, alice) == []

    since = bot.mark()
    answer = await bot.press(alice, question.button("Moderate")["callback_data"], flow)
    taps += 1
    confirmation = await bot.edit_after(alice, since)

    assert taps == 2
    assert answer.params["text"] == "Saved"
    assert "Saved" in confirmation.text and "Right foot" in confirmation.text
    [row] = entries(bot, alice)
    assert row["muscle"] == "foot" and row["side"] == "right" and row["severity"] == 2
    assert row["when_kind"] == "now" and row["woke"] is None and triggers_of(bot, row) == set()
    assert row["logged_at"] == row["happened_at"] == "2026-03-02T09:00:00Z"
    assert row["local_date"] == "2026-03-02"
    user = bot.db["users"].get(alice.id)
    assert user["subscribed"] == 0  # logging does not subscribe anyone to tips
    assert "✓ Just now" in confirmation.button_labels
    assert {"↩️ Undo", "✅ Done", "⚡ Triggers", "🧘 What I did", "⏱ How long"} <= set(
        confirmation.button_labels
    )


async def test_log_button_on_the_start_menu_saves_in_three_taps(
    bot: Driver, alice: FakeUser
) -> None:
    await bot.send(alice, "/start")
    welcome = await bot.send(alice, "/start")  # the menu, once onboarding has begun
    taps = 0
    since = bot.mark()
    await bot.press(alice, welcome.button("Log a cramp")["callback_data"], welcome)
    taps += 1
    flow = await bot.server.wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == alice.id, since=since
    )
    assert flow.message_id != welcome.message_id  # a new message, the welcome stays
    question = await press_and_edit(bot, alice, flow.button("Both calves")["callback_data"], flow)
    taps += 1
    await press_and_edit(bot, alice, question.button("Mild")["callback_data"], flow)
    taps += 1
    assert taps == 3
    [row] = entries(bot, alice)
    assert (row["muscle"], row["side"], row["severity"]) == ("calf", "both", 1)


async def test_the_flow_and_the_saved_entry_do_not_wait_for_the_press_to_be_answered(
    bot: Driver, alice: FakeUser
) -> None:
    """Answering a press only stops its spinner (or shows "Saved"): the new flow message
    and the saved entry go out without waiting for that answer's round trip. (A chat's
    next update waits for its last one, so each held answer is released before the next tap.)"""
    await bot.send(alice, "/start")
    welcome = await bot.send(alice, "/start")
    since = bot.mark()
    async with answers_held(bot):
        await bot.press(alice, welcome.button("Log a cramp")["callback_data"], welcome)
        flow = await bot.server.wait_for(
            lambda r: r.method == "sendMessage" and r.chat_id == alice.id, since=since
        )
    assert "Where is the cramp?" in flow.text
    question = await press_and_edit(bot, alice, flow.button("Left calf")["callback_data"], flow)
    since = bot.mark()
    async with answers_held(bot):
        answer = await bot.press(alice, question.button("Severe")["callback_data"], flow)
        confirmation = await bot.edit_after(alice, since)
    assert answer.params["text"] == "Saved"
    assert "Saved" in confirmation.text and "Left calf" in confirmation.text
    assert len(entries(bot, alice)) == 1


async def test_each_detail_is_saved_as_it_is_tapped(bot: Driver, alice: FakeUser, clock) -> None:
    set_timezone(bot, alice, "America/New_York")
    clock.set(datetime(2026, 3, 2, 3, 0, tzinfo=UTC))  # 22:00 on 1 March in New York
    flow, confirmation = await log_cramp(bot, alice)
    [row] = entries(bot, alice)
    assert row["local_date"] == "2026-03-01"

    night = await press_and_edit(
        bot, alice, confirmation.button("During the night")["callback_data"], flow
    )
    [row] = entries(bot, alice)
    assert row["when_kind"] == "night"
    assert row["happened_at"] == "2026-03-01T08:00:00Z"  # 03:00 in New York
    assert row["logged_at"] == "2026-03-02T03:00:00Z"
    assert "✓ During the night" in night.button_labels
    assert "during the night" in night.text

    woke = await press_and_edit(bot, alice, night.button("It woke me")["callback_data"], flow)
    assert entries(bot, alice)[0]["woke"] == 1
    assert "✓ 😴 It woke me" in woke.button_labels and "woke you up" in woke.text

    section = await press_and_edit(bot, alice, woke.button("Triggers")["callback_data"], flow)
    standing = await press_and_edit(
        bot, alice, section.button("Long standing")["callback_data"], flow
    )
    assert triggers_of(bot, entries(bot, alice)[0]) == {"standing"}
    assert "possible trigger: long standing" in standing.text
    main = await press_and_edit(bot, alice, standing.button("Back")["callback_data"], flow)

    earlier = await press_and_edit(bot, alice, main.button("Earlier today")["callback_data"], flow)
    [row] = entries(bot, alice)
    assert row["when_kind"] == "earlier"
    assert row["happened_at"] == "2026-03-02T03:00:00Z"  # "before now": the logging time
    assert row["woke"] == 1 and triggers_of(bot, row) == {"standing"}

    not_woken = await press_and_edit(
        bot, alice, earlier.button("didn't wake")["callback_data"], flow
    )
    assert entries(bot, alice)[0]["woke"] == 0

    done = await press_and_edit(bot, alice, not_woken.button("Done")["callback_data"], flow)
    assert done.buttons == []
    assert "Saved" in done.text and "/history" in done.text
    assert len(entries(bot, alice)) == 1


async def test_undo_deletes_the_entry(bot: Driver, alice: FakeUser) -> None:
    flow, confirmation = await log_cramp(bot, alice)
    undo = confirmation.button("Undo")["callback_data"]
    since = bot.mark()
    answer = await bot.press(alice, undo, flow)
    assert answer.params["text"] == "Deleted"
    undone = await bot.edit_after(alice, since)
    assert "Deleted" in undone.text and undone.buttons == []
    assert entries(bot, alice) == []

    again = await bot.press(alice, undo, flow)
    assert is_expired(again)


async def test_undo_shows_deleted_without_waiting_for_the_press_to_be_answered(
    bot: Driver, alice: FakeUser
) -> None:
    flow, confirmation = await log_cramp(bot, alice)
    since = bot.mark()
    async with answers_held(bot):
        answer = await bot.press(alice, confirmation.button("Undo")["callback_data"], flow)
        undone = await bot.edit_after(alice, since)
    assert answer.params["text"] == "Deleted"
    assert "Deleted" in undone.text and entries(bot, alice) == []


async def test_back_and_cancel_save_nothing(bot: Driver, alice: FakeUser) -> None:
    flow = await bot.send(alice, "/log")
    question = await press_and_edit(bot, alice, flow.button("Left thigh")["callback_data"], flow)
    back = await press_and_edit(bot, alice, question.button("Back")["callback_data"], flow)
    assert back.text == flow.text and back.buttons == flow.buttons
    cancelled = await press_and_edit(bot, alice, back.button("Cancel")["callback_data"], flow)
    assert "Nothing was logged" in cancelled.text and cancelled.buttons == []
    assert entries(bot, alice) == []


async def test_double_tap_on_severity_saves_one_entry(bot: Driver, alice: FakeUser) -> None:
    flow = await bot.send(alice, "/log")
    question = await press_and_edit(bot, alice, flow.button("Left calf")["callback_data"], flow)
    severe = question.button("Severe")["callback_data"]
    first = bot.server.inject_callback(alice, severe, flow.message_id)
    second = bot.server.inject_callback(alice, severe, flow.message_id)
    await bot.settle()
    answers = {
        r.params["callback_query_id"]: r.params for r in bot.server.calls("answerCallbackQuery")
    }
    assert answers[first].get("text") == "Saved"
    assert "text" not in answers[second]
    assert len(entries(bot, alice)) == 1

    third = await bot.press(alice, LogSeverity("calf", "left", "mild").encode(), flow)
    assert "text" not in third.params
    [row] = entries(bot, alice)
    assert row["severity"] == 3  # the flow's entry stands; the late tap changed nothing

    await log_cramp(bot, alice)  # a new flow is a new entry
    assert len(entries(bot, alice)) == 2


async def test_double_tap_on_a_detail_is_harmless(bot: Driver, alice: FakeUser) -> None:
    flow, confirmation = await log_cramp(bot, alice)
    section = await press_and_edit(
        bot, alice, confirmation.button("Triggers")["callback_data"], flow
    )
    data = section.button("Long sitting")["callback_data"]
    await bot.press(alice, data, flow)
    answer = await bot.press(alice, data, flow)
    assert "text" not in answer.params  # answered, quietly; "not modified" is no error
    [row] = entries(bot, alice)
    assert triggers_of(bot, row) == {"sitting"}  # switched on once, not on and off again


FORGERIES = (
    lambda entry_id: LogWhen(entry_id, "night"),
    lambda entry_id: LogWoke(entry_id, "yes"),
    lambda entry_id: LogTrigger(entry_id, "medication", "yes"),
    lambda entry_id: LogDayPart(entry_id, "morning"),
    lambda entry_id: LogDuration(entry_id, "1-5"),
    lambda entry_id: LogTried(entry_id, "stretched", "yes"),
    lambda entry_id: LogHelped(entry_id, "a-lot"),
    lambda entry_id: LogPlace(entry_id, "thigh", "right"),
    lambda entry_id: LogLevel(entry_id, "mild"),
    lambda entry_id: LogSection(entry_id, "triggers"),
    lambda entry_id: LogNoteRemove(entry_id),
    lambda entry_id: HistoryEdit(entry_id),
    lambda entry_id: LogUndo(entry_id),
    lambda entry_id: LogDone(entry_id),
    lambda entry_id: HistoryDelete(entry_id, 0),
    lambda entry_id: HistoryDeleteConfirm(entry_id, 0),
)


async def test_another_users_entry_id_is_refused(
    bot: Driver, alice: FakeUser, bob: FakeUser
) -> None:
    flow, _ = await log_cramp(bot, alice)
    [before] = entries(bot, alice)
    bobs_flow, _ = await log_cramp(bot, bob)
    since = bot.mark()
    for forge in FORGERIES:
        for message in (bobs_flow, flow.message_id):
            answer = await bot.press(bob, forge(before["id"]).encode(), message)
            assert is_expired(answer), forge(before["id"])
    await bot.settle()
    assert entries(bot, alice) == [before]
    assert len(entries(bot, bob)) == 1
    assert bot.server.calls("editMessageText", since=since) == []
    assert bot.server.sent_to(bob.id, since) == bot.server.sent_to(alice.id, since) == []


STALE_OR_FORGED = (
    "2:dv:calf:left:severe",  # an older version of the bot
    "1:dv:calf:left:awful",
    "1:dv:calf:left:severe\n",
    "1:dv:calf:left",
    "1:dt:1000001:exercise",  # a trigger button from before triggers could be untapped
    "1:dg:-1:exercise:yes",
    "1:dg:01:exercise:yes",
    "1:dg:1000001:exercise:maybe",
    "1:du:99999999999999999999",
    "1:zz:1",
    "garbage",
)


async def test_stale_or_forged_data_gets_the_expired_answer(bot: Driver, alice: FakeUser) -> None:
    flow = await bot.send(alice, "/log")
    for data in STALE_OR_FORGED:
        answer = await bot.press(alice, data, flow)
        assert is_expired(answer), data
    assert entries(bot, alice) == []
