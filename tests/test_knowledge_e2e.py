"""/start, /help, /causes, /tips and their buttons, over real HTTP."""

from __future__ import annotations

from bot.knowledge.buttons import ShowItem
from bot.onboarding import texts as onboarding_texts
from tests.daily_support import next_tip_at
from tests.fake_bot_api import FakeUser
from tests.onboarding_support import start_with_defaults
from tests.support import Driver


async def test_start_welcomes_and_subscribes(bot: Driver, alice: FakeUser) -> None:
    reply = await bot.send(alice, "/start")
    assert "Hello Alice" in reply.text
    await bot.send(alice, onboarding_texts.SKIP)
    done = await bot.send(alice, onboarding_texts.SKIP)
    assert "not a doctor" in done.text and "not medical advice" in done.text
    assert "08:00" in done.text
    again = await bot.send(alice, "/start")
    assert again.button_labels == [
        "📝 Log a cramp",
        "💡 Prevention tips",
        "❓ Why legs cramp",
        "📖 Help",
    ]
    row = bot.db["users"].get(alice.id)
    assert row["subscribed"] == 1
    assert row["chat_id"] == alice.id
    assert next_tip_at(bot, alice) == "2026-03-03T08:00:00Z"  # the clock: 09:00 UTC, 2 March


async def test_commands_menu_registered_at_start(bot: Driver) -> None:
    calls = bot.server.calls("setMyCommands")
    assert [c["command"] for c in calls[0].params["commands"]] == [
        "tips",
        "causes",
        "log",
        "history",
        "stats",
        "insights",
        "export",
        "report",
        "help",
        "about",
        "start",
        "stop",
        "time",
        "timezone",
        "settings",
        "dailytip",
        "days",
        "silent",
        "pause",
        "resume",
        "checkin",
        "bedtime",
        "summary",
        "privacy",
        "feedback",
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
    assert detail.text.endswith(
        "\n\nSources:\n📄 An untitled short article on leg contractions, section “Cause 1: "
        "Dehydration”\n📄 <i>Leg Cramps Unveiled: Exploring the Hidden Triggers</i>, section "
        "“Dehydration \N{EN DASH} A Common Culprit”"
    )
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
    assert "Source" in another.text


async def test_doctor_pointer_on_items_the_sources_send_to_a_doctor(
    bot: Driver, alice: FakeUser
) -> None:
    listing = await bot.send(alice, "/tips")
    since = bot.mark()
    await bot.press(alice, ShowItem("tips", "medical-attention").encode(), listing)
    detail = await bot.edit_after(alice, since)
    assert "talking to a doctor" in detail.text
    since = bot.mark()
    await bot.press(alice, ShowItem("causes", "nerve-compression").encode(), listing)
    nerve = await bot.edit_after(alice, since)
    assert "🩺 The source advises talking to a doctor about this." in nerve.text


async def test_what_a_leg_cramp_is_heads_the_causes(bot: Driver, alice: FakeUser) -> None:
    listing = await bot.send(alice, "/causes")
    assert listing.button_labels[0] == "What a leg cramp is"
    assert "Start with what a leg cramp is" in listing.text
    since = bot.mark()
    await bot.press(alice, listing.buttons[0][0]["callback_data"], listing)
    detail = await bot.edit_after(alice, since)
    assert detail.text.startswith("<b>What a leg cramp is</b>\n\nA leg cramp happens when")
    assert detail.text.endswith(
        "Sources:\n📄 <i>Leg Cramps Unveiled: Exploring the Hidden Triggers</i>, section "
        "“The Physiology of a Leg Cramp”\n📄 An untitled short article on leg contractions, "
        "section “Opening paragraphs”"
    )


async def test_a_citation_can_point_past_a_section(bot: Driver, alice: FakeUser) -> None:
    listing = await bot.send(alice, "/causes")
    since = bot.mark()
    await bot.press(alice, ShowItem("causes", "long-sitting").encode(), listing)
    detail = await bot.edit_after(alice, since)
    assert detail.text.endswith(
        "\n\nSource:\n📄 <i>Leg Cramps Unveiled: Exploring the Hidden Triggers</i>, "
        "the paragraphs after section “Mineral Deficiencies”"
    )


async def test_tips_list_says_what_the_team_mark_means(bot: Driver, alice: FakeUser) -> None:
    listing = await bot.send(alice, "/tips")
    assert "Tips marked 👥 are from the team, not from the articles." in listing.text


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
    assert "Everything I say comes from the articles" not in help_text
    assert (
        "The causes and tips come from the articles listed in /about, except tips marked 👥, "
        "which are from the team, not from the articles."
    ) in help_text
    about = (await bot.send(alice, "/about")).text
    assert "• <i>Leg Cramps Unveiled: Exploring the Hidden Triggers</i>: " in about
    assert "• An untitled short article on leg contractions: " in about  # no title of its own
    assert "Leg contractions: causes and prevention" not in about
    assert "Tips marked 👥 are different: they are from the team, not from the articles" in about
    assert "not medical advice" in about and "and tips from the team" in about


async def test_start_menu_buttons_open_lists(bot: Driver, alice: FakeUser) -> None:
    await start_with_defaults(bot, alice)
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
    assert row["subscribed"] == 0 and next_tip_at(bot, alice) is None

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
