"""/start, /help, /causes, /tips and their buttons, over real HTTP."""

from __future__ import annotations

from bot.knowledge.buttons import ShowItem
from tests.fake_bot_api import FakeUser
from tests.support import Driver


async def test_start_welcomes_and_subscribes(bot: Driver, alice: FakeUser) -> None:
    reply = await bot.send(alice, "/start")
    assert "Hello Alice" in reply.text
    assert "not a doctor" in reply.text and "not medical advice" in reply.text
    assert "08:00" in reply.text
    assert reply.button_labels == [
        "📝 Log a cramp",
        "💡 Prevention tips",
        "❓ Why legs cramp",
        "📖 Help",
    ]
    row = bot.db["users"].get(alice.id)
    assert row["subscribed"] == 1
    assert row["chat_id"] == alice.id
    assert row["next_tip_at"] == "2026-03-03T08:00:00Z"  # the clock says 09:00 UTC on 2 March


async def test_commands_menu_registered_at_start(bot: Driver) -> None:
    calls = bot.server.calls("setMyCommands")
    assert [c["command"] for c in calls[0].params["commands"]] == [
        "tips",
        "causes",
        "log",
        "history",
        "stats",
        "export",
        "report",
        "help",
        "about",
        "start",
        "stop",
        "time",
        "timezone",
        "settings",
        "forget",
    ]


async def test_causes_browse_detail_and_back(bot: Driver, alice: FakeUser) -> None:
    listing = await bot.send(alice, "/causes")
    assert "Why legs cramp" in listing.text
    assert len(listing.buttons) >= 9
    button = listing.button("Not drinking enough")
    since = bot.mark()
    answer = await bot.press(alice, button["callback_data"], listing)
    assert "text" not in answer.params  # a silent answer: the message itself changes
    detail = await bot.edit_after(alice, since)
    assert "Source:" in detail.text and "Leg Cramps Unveiled" in detail.text
    since = bot.mark()
    await bot.press(alice, detail.button("Back")["callback_data"], listing)
    back = await bot.edit_after(alice, since)
    assert back.text == listing.text and back.buttons == listing.buttons


async def test_tips_another_tip_shows_a_different_tip(bot: Driver, alice: FakeUser) -> None:
    listing = await bot.send(alice, "/tips")
    first_tip = listing.buttons[0][0]
    since = bot.mark()
    await bot.press(alice, first_tip["callback_data"], listing)
    detail = await bot.edit_after(alice, since)
    assert first_tip["text"] in detail.text
    since = bot.mark()
    await bot.press(alice, detail.button("Another tip")["callback_data"], listing)
    another = await bot.edit_after(alice, since)
    assert first_tip["text"] not in another.text
    assert "Source:" in another.text


async def test_doctor_pointer_on_items_the_sources_send_to_a_doctor(
    bot: Driver, alice: FakeUser
) -> None:
    listing = await bot.send(alice, "/tips")
    since = bot.mark()
    await bot.press(alice, ShowItem("tips", "medical-attention").encode(), listing)
    detail = await bot.edit_after(alice, since)
    assert "talking to a doctor" in detail.text


async def test_help_and_about(bot: Driver, alice: FakeUser) -> None:
    help_text = (await bot.send(alice, "/help")).text
    for command in (
        "/tips",
        "/causes",
        "/about",
        "/start",
        "/stop",
        "/log",
        "/history",
        "/stats",
        "/export",
        "/forget",
    ):
        assert command in help_text
    about = (await bot.send(alice, "/about")).text
    assert "Leg Cramps Unveiled: Exploring the Hidden Triggers" in about
    assert "Leg contractions: causes and prevention" in about
    assert "not medical advice" in about


async def test_start_menu_buttons_open_lists(bot: Driver, alice: FakeUser) -> None:
    welcome = await bot.send(alice, "/start")
    since = bot.mark()
    await bot.press(alice, welcome.button("Prevention tips")["callback_data"], welcome)
    tips = await bot.server.wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == alice.id, since=since
    )
    assert "prevent leg cramps" in tips.text
    assert "Another tip" in tips.button_labels[-1]


async def test_stop_asks_first_then_unsubscribes(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    confirm = await bot.send(alice, "/stop")
    assert "Stop the daily tip?" in confirm.text
    assert bot.db["users"].get(alice.id)["subscribed"] == 1

    since = bot.mark()
    await bot.press(alice, confirm.button("No")["callback_data"], confirm)
    assert "continues" in (await bot.edit_after(alice, since)).text
    assert bot.db["users"].get(alice.id)["subscribed"] == 1

    confirm = await bot.send(alice, "/stop")
    since = bot.mark()
    await bot.press(alice, confirm.button("Yes")["callback_data"], confirm)
    assert "no more daily tips" in (await bot.edit_after(alice, since)).text
    row = bot.db["users"].get(alice.id)
    assert row["subscribed"] == 0 and row["next_tip_at"] is None

    again = await bot.send(alice, "/start")
    assert "now subscribed" in again.text
    assert bot.db["users"].get(alice.id)["subscribed"] == 1


async def test_stop_when_not_subscribed(bot: Driver, alice: FakeUser) -> None:
    reply = await bot.send(alice, "/stop")
    assert "not subscribed" in reply.text
    assert reply.buttons == []


async def test_users_only_touch_their_own_row(bot: Driver, alice: FakeUser, bob: FakeUser) -> None:
    await bot.send(alice, "/start")
    await bot.send(bob, "/start")
    confirm = await bot.send(alice, "/stop")
    await bot.press(bob, confirm.button("Yes")["callback_data"], confirm.message_id)
    await bot.settle()
    assert bot.db["users"].get(alice.id)["subscribed"] == 1
    assert bot.db["users"].get(bob.id)["subscribed"] == 0
