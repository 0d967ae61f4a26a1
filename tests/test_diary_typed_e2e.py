"""Typed logging over real HTTP: a plain message becomes a draft to confirm, a free night,
or the help; and the "No cramps last night" button under /log."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.diary import texts
from tests.diary_support import entries, is_expired, log_cramp, press_and_edit, seed, set_timezone
from tests.fake_bot_api import FakeUser
from tests.support import Driver, FakeClock


def free_nights(bot: Driver, user: FakeUser) -> list[str]:
    rows = bot.db["cramp_free_nights"].rows_where("user_id = ?", [user.id], order_by="night")
    return [row["night"] for row in rows]


async def test_a_typed_cramp_is_saved_with_one_tap(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    set_timezone(bot, alice, "Europe/Berlin")
    clock.set(datetime(2026, 3, 10, 6, 30, tzinfo=UTC))  # 07:30 in Berlin
    draft = await bot.send(alice, "my left calf cramped badly last night")
    assert "Log this cramp?" in draft.text
    assert "Where: Calf" in draft.text and "Side: Left" in draft.text
    assert "How bad: Severe" in draft.text and "When: During the night" in draft.text
    assert entries(bot, alice) == []  # nothing is stored before the tap

    since = bot.mark()
    answer = await bot.press(alice, draft.button("Save")["callback_data"], draft)
    saved = await bot.edit_after(alice, since)
    assert answer.params["text"] == "Saved"
    assert saved.text.startswith("✅ Saved") and "Left calf" in saved.text
    [row] = entries(bot, alice)
    assert (row["muscle"], row["side"], row["severity"], row["when_kind"]) == (
        "calf",
        "left",
        3,
        "night",
    )
    assert row["happened_at"] == "2026-03-10T02:00:00Z"  # 03:00 in Berlin
    assert row["flow_message_id"] == draft.message_id
    assert "✅ Done" in saved.button_labels  # /log's detail buttons work on it too
    done = await press_and_edit(bot, alice, saved.button("Done")["callback_data"], draft)
    assert "See /history" in done.text


async def test_a_double_tap_on_save_makes_one_entry(bot: Driver, alice: FakeUser) -> None:
    draft = await bot.send(alice, "cramp in right foot, mild")
    save = draft.button("Save")["callback_data"]
    bot.server.inject_callback(alice, save, draft.message_id)
    bot.server.inject_callback(alice, save, draft.message_id)
    await bot.settle()
    [row] = entries(bot, alice)
    assert (row["muscle"], row["side"], row["severity"]) == ("foot", "right", 1)
    await bot.press(alice, save, draft)  # and a third, later
    assert len(entries(bot, alice)) == 1


async def test_each_field_can_be_changed_before_saving(bot: Driver, alice: FakeUser) -> None:
    draft = await bot.send(alice, "cramp in right foot, mild")
    picker = await press_and_edit(bot, alice, draft.button("Foot")["callback_data"], draft)
    assert "Where was the cramp?" in picker.text and "✓ Foot" in picker.button_labels
    changed = await press_and_edit(bot, alice, picker.button("Thigh")["callback_data"], draft)
    assert "Where: Thigh" in changed.text
    picker = await press_and_edit(bot, alice, changed.button("Right")["callback_data"], draft)
    changed = await press_and_edit(bot, alice, picker.button("Both")["callback_data"], draft)
    picker = await press_and_edit(bot, alice, changed.button("Mild")["callback_data"], draft)
    changed = await press_and_edit(bot, alice, picker.button("Moderate")["callback_data"], draft)
    picker = await press_and_edit(bot, alice, changed.button("Just now")["callback_data"], draft)
    back = await press_and_edit(bot, alice, picker.button("Back")["callback_data"], draft)
    assert "When: Just now" in back.text
    changed = await press_and_edit(bot, alice, picker.button("Earlier")["callback_data"], draft)
    assert "Side: Both" in changed.text and "How bad: Moderate" in changed.text
    assert "When: Earlier today" in changed.text
    await press_and_edit(bot, alice, changed.button("Save")["callback_data"], draft)
    [row] = entries(bot, alice)
    assert (row["muscle"], row["side"], row["severity"], row["when_kind"]) == (
        "thigh",
        "both",
        2,
        "earlier",
    )


async def test_just_cramp_asks_for_what_it_does_not_know(bot: Driver, alice: FakeUser) -> None:
    draft = await bot.send(alice, "cramp")
    assert "Where: <i>not given</i>" in draft.text and "Where was the cramp?" in draft.text
    assert not any("Save" in label for label in draft.button_labels)
    side = await press_and_edit(bot, alice, draft.button("Calf")["callback_data"], draft)
    assert "Which side?" in side.text
    severity = await press_and_edit(bot, alice, side.button("Left")["callback_data"], draft)
    assert "How bad was it?" in severity.text
    confirm = await press_and_edit(bot, alice, severity.button("Severe")["callback_data"], draft)
    assert "Tap ✅ Save" in confirm.text and "When: Just now" in confirm.text
    await press_and_edit(bot, alice, confirm.button("Save")["callback_data"], draft)
    assert len(entries(bot, alice)) == 1


async def test_cancel_saves_nothing_and_a_late_save_is_refused(
    bot: Driver, alice: FakeUser
) -> None:
    draft = await bot.send(alice, "calf cramp, severe, left")
    save = draft.button("Save")["callback_data"]
    cancelled = await press_and_edit(bot, alice, draft.button("Cancel")["callback_data"], draft)
    assert cancelled.text == texts.LOG_CANCELLED
    assert is_expired(await bot.press(alice, save, draft))
    assert entries(bot, alice) == []


async def test_a_newer_log_retires_the_typed_draft(bot: Driver, alice: FakeUser) -> None:
    draft = await bot.send(alice, "calf cramp, severe, left")
    await log_cramp(bot, alice)
    assert is_expired(await bot.press(alice, draft.button("Save")["callback_data"], draft))
    assert len(entries(bot, alice)) == 1


async def test_someone_elses_save_button_saves_nothing(
    bot: Driver, alice: FakeUser, bob: FakeUser
) -> None:
    draft = await bot.send(alice, "calf cramp, severe, left")
    assert is_expired(await bot.press(bob, draft.button("Save")["callback_data"], draft))
    assert entries(bot, bob) == [] and entries(bot, alice) == []


async def test_text_that_is_not_a_cramp_gets_the_help(bot: Driver, alice: FakeUser) -> None:
    for text in ("my calf is fine", "hello there", "what causes cramps?"):
        reply = await bot.send(alice, text)
        assert reply.text == texts.TYPED_NOT_UNDERSTOOD
        assert {"📝 Log a cramp", "💡 Prevention tips"} <= set(reply.button_labels)
    assert entries(bot, alice) == [] and free_nights(bot, alice) == []


async def test_no_cramps_last_night_records_a_cramp_free_night(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    set_timezone(bot, alice, "America/New_York")
    clock.set(datetime(2026, 3, 10, 12, 0, tzinfo=UTC))  # 08:00 in New York
    reply = await bot.send(alice, "no cramps last night")
    assert "no cramps in the night to Tuesday 10 March" in reply.text
    assert free_nights(bot, alice) == ["2026-03-10"]
    await bot.send(alice, "No cramps tonight")  # the same night, still the morning
    assert free_nights(bot, alice) == ["2026-03-10"]


async def test_no_cramps_tonight_in_the_evening_records_nothing(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    set_timezone(bot, alice, "Europe/London")
    clock.set(datetime(2026, 3, 10, 21, 0, tzinfo=UTC))
    reply = await bot.send(alice, "no cramps tonight")
    assert "night to Wednesday 11 March isn't over yet" in reply.text
    assert "I'll ask you tomorrow morning at 08:00" in reply.text
    assert free_nights(bot, alice) == []
    clock.set(datetime(2026, 3, 11, 2, 0, tzinfo=UTC))  # in the middle of it
    reply = await bot.send(alice, "no cramps last night")
    assert "isn't over yet" in reply.text and free_nights(bot, alice) == []
    assert "I'll ask you this morning at 08:00" in reply.text
    clock.set(datetime(2026, 3, 11, 7, 0, tzinfo=UTC))
    await bot.send(alice, "no cramps last night")
    assert free_nights(bot, alice) == ["2026-03-11"]


async def test_a_night_with_a_cramp_logged_is_not_marked_free(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 3, 10, 8, 0, tzinfo=UTC))
    seed(bot, alice, datetime(2026, 3, 9, 23, 30, tzinfo=UTC), date(2026, 3, 9))
    reply = await bot.send(alice, "no cramps last night")
    assert "1 cramp in the night to Tuesday 10 March" in reply.text
    assert free_nights(bot, alice) == []


async def test_the_no_cramps_button_under_log(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 3, 10, 8, 0, tzinfo=UTC))
    flow = await bot.send(alice, "/log")
    assert texts.NO_CRAMPS_LAST_NIGHT in flow.button_labels
    data = flow.button("No cramps last night")["callback_data"]
    noted = await press_and_edit(bot, alice, data, flow)
    assert "no cramps in the night to Tuesday 10 March" in noted.text and noted.buttons == []
    await bot.press(alice, data, flow)  # a double tap records the same night once
    assert free_nights(bot, alice) == ["2026-03-10"]


async def test_tonight_is_the_night_before_noon_and_now_in_the_evening(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 3, 10, 7, 0, tzinfo=UTC))
    morning = await bot.send(alice, "terrible cramp tonight")
    assert "When: During the night" in morning.text
    clock.set(datetime(2026, 3, 10, 21, 0, tzinfo=UTC))
    evening = await bot.send(alice, "terrible cramp in my left calf tonight")
    assert "When: Just now" in evening.text
    assert bot.db["users"].count == 0  # nothing stored until Save
    await press_and_edit(bot, alice, evening.button("Save")["callback_data"], evening)
    [row] = entries(bot, alice)
    assert row["when_kind"] == "now" and row["happened_at"] == "2026-03-10T21:00:00Z"


async def test_yesterday_is_saved_as_yesterday(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    draft = await bot.send(alice, "cramp in my left calf yesterday, mild")
    assert "When: Yesterday" in draft.text
    await press_and_edit(bot, alice, draft.button("Save")["callback_data"], draft)
    [row] = entries(bot, alice)
    assert row["when_kind"] == "yesterday" and row["local_date"] == "2026-03-09"
