"""/history over real HTTP: pages of five, newest first, local times, confirmed deletes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.diary.buttons import HistoryPage
from tests.diary_support import (
    entries,
    is_expired,
    log_cramp,
    press_and_edit,
    seed,
    set_timezone,
)
from tests.fake_bot_api import FakeUser
from tests.support import Driver


def seed_days(bot: Driver, user: FakeUser, count: int) -> list[int]:
    """One entry a day at 09:00 UTC, ending on 2 March; returns ids oldest first."""
    first = datetime(2026, 3, 2, 9, 0, tzinfo=UTC) - timedelta(days=count - 1)
    ids = []
    for offset in range(count):
        moment = first + timedelta(days=offset)
        ids.append(seed(bot, user, moment, moment.date(), severity=offset % 3 + 1).id)
    return ids


def listed(text: str) -> list[str]:
    return [line for line in text.splitlines() if line[:1].isdigit()]


async def test_history_when_empty(bot: Driver, alice: FakeUser) -> None:
    reply = await bot.send(alice, "/history")
    assert "Your diary is empty" in reply.text and "/log" in reply.text
    assert reply.button_labels == ["📝 Log a cramp"]


async def test_history_pages_newest_first_in_local_time(bot: Driver, alice: FakeUser) -> None:
    set_timezone(bot, alice, "Europe/Berlin")
    seed_days(bot, alice, 12)

    first = await bot.send(alice, "/history")
    assert "12 entries, page 1 of 3" in first.text
    assert listed(first.text) == [
        "1. Mon 2 Mar, 10:00: <b>Left calf</b>, severe",
        "2. Sun 1 Mar, 10:00: <b>Left calf</b>, moderate",
        "3. Sat 28 Feb, 10:00: <b>Left calf</b>, mild",
        "4. Fri 27 Feb, 10:00: <b>Left calf</b>, severe",
        "5. Thu 26 Feb, 10:00: <b>Left calf</b>, moderate",
    ]
    assert first.button_labels == [
        *("✏️ 1", "✏️ 2", "✏️ 3", "✏️ 4", "✏️ 5"),
        *("🗑 1", "🗑 2", "🗑 3", "🗑 4", "🗑 5"),
        "Next »",
    ]

    second = await press_and_edit(bot, alice, first.button("Next")["callback_data"], first)
    assert "page 2 of 3" in second.text
    assert listed(second.text)[0].startswith("6. Wed 25 Feb")
    assert second.button_labels[-2:] == ["« Previous", "Next »"]

    third = await press_and_edit(bot, alice, second.button("Next")["callback_data"], first)
    assert [line[:13] for line in listed(third.text)] == ["11. Fri 20 Fe", "12. Thu 19 Fe"]
    assert third.button_labels == ["✏️ 11", "✏️ 12", "🗑 11", "🗑 12", "« Previous"]

    back = await press_and_edit(bot, alice, third.button("Previous")["callback_data"], first)
    assert back.text == second.text


async def test_history_shows_details_and_approximate_times(bot: Driver, alice: FakeUser) -> None:
    flow, confirmation = await log_cramp(bot, alice, "Elsewhere, right", "Mild")
    night = await press_and_edit(
        bot, alice, confirmation.button("During the night")["callback_data"], flow
    )
    section = await press_and_edit(bot, alice, night.button("Triggers")["callback_data"], flow)
    await press_and_edit(bot, alice, section.button("Thirst")["callback_data"], flow)
    reply = await bot.send(alice, "/history")
    assert listed(reply.text) == [
        "1. Mon 2 Mar, during the night: <b>Elsewhere, right</b>, mild, "
        "possible trigger: thirst or dehydration"
    ]


async def test_a_page_past_the_end_shows_the_last_page(bot: Driver, alice: FakeUser) -> None:
    seed_days(bot, alice, 7)
    reply = await bot.send(alice, "/history")
    far = await press_and_edit(bot, alice, HistoryPage(10**17).encode(), reply)
    assert "page 2 of 2" in far.text


async def test_delete_asks_first_then_deletes(bot: Driver, alice: FakeUser) -> None:
    ids = seed_days(bot, alice, 6)
    listing = await bot.send(alice, "/history")

    ask = await press_and_edit(bot, alice, listing.button("🗑 2")["callback_data"], listing)
    assert "Delete this entry" in ask.text and "Sun 1 Mar" in ask.text
    assert ask.button_labels == ["Yes, delete it", "No, keep it"]
    kept = await press_and_edit(bot, alice, ask.button("No")["callback_data"], listing)
    assert kept.text == listing.text
    assert len(entries(bot, alice)) == 6

    ask = await press_and_edit(bot, alice, kept.button("🗑 2")["callback_data"], listing)
    yes = ask.button("Yes")["callback_data"]
    since = bot.mark()
    answer = await bot.press(alice, yes, listing)
    assert answer.params["text"] == "Deleted"
    after = await bot.edit_after(alice, since)
    assert "5 entries, page 1 of 1" in after.text and "Sun 1 Mar" not in after.text
    assert [row["id"] for row in entries(bot, alice)] == ids[:4] + ids[5:]

    assert is_expired(await bot.press(alice, yes, listing))  # the second tap of a double tap
    assert len(entries(bot, alice)) == 5


async def test_deleting_the_last_entry_leaves_an_empty_diary(bot: Driver, alice: FakeUser) -> None:
    seed_days(bot, alice, 1)
    listing = await bot.send(alice, "/history")
    ask = await press_and_edit(bot, alice, listing.button("🗑 1")["callback_data"], listing)
    empty = await press_and_edit(bot, alice, ask.button("Yes")["callback_data"], listing)
    assert "Your diary is empty" in empty.text and empty.button_labels == ["📝 Log a cramp"]


async def test_history_only_lists_the_users_own_entries(
    bot: Driver, alice: FakeUser, bob: FakeUser
) -> None:
    seed_days(bot, alice, 3)
    seed_days(bot, bob, 1)
    reply = await bot.send(bob, "/history")
    assert "1 entry, page 1 of 1" in reply.text and len(listed(reply.text)) == 1
