"""/admin, /addtip, /removetip, team tips in /tips, and the admins' command menu."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.admin import texts as admin_texts
from bot.admin.buttons import BroadcastTip
from bot.clock import to_db
from bot.core import texts as core_texts
from bot.knowledge import texts as knowledge_texts
from bot.knowledge.buttons import ShowItem
from tests.admin_support import ADA, GRACE, crowd, finish_broadcasts, received, subscribe
from tests.fake_bot_api import FakeUser
from tests.support import Driver


def log_cramp(bot: Driver, user: FakeUser, days_ago: float) -> None:
    when = to_db(bot.clock.now() - timedelta(days=days_ago))
    bot.db["cramp_entries"].insert(
        {
            "user_id": user.id,
            "logged_at": when,
            "happened_at": when,
            "local_date": when[:10],
            "muscle": "calf",
            "side": "left",
            "severity": 2,
        }
    )


async def test_admin_shows_how_the_bot_is_doing(bot: Driver) -> None:
    users = crowd(4)
    await subscribe(bot, users)
    await bot.app.bot_data.activity.flush()  # before the test moves users[0]'s moment back
    bot.db.execute(
        "UPDATE users SET last_active_at = ? WHERE user_id = ?",
        [to_db(bot.clock.now() - timedelta(days=8)), users[0].id],
    )
    bot.db.execute(
        "UPDATE users SET blocked_at = ?, subscribed = 0 WHERE user_id = ?",
        [to_db(bot.clock.now()), users[3].id],
    )
    for days_ago in (1, 6, 20, 40):
        log_cramp(bot, users[1], days_ago)

    reply = await bot.send(ADA, "/admin")
    shown = core_texts.plain(reply.text)
    assert "Subscribers: 3\n" in shown
    assert "Active in the last 7 days: 3\n" in shown  # users[0] last wrote 8 days ago
    assert "Blocked the bot: 1\n" in shown
    assert "Cramps logged, last 7 days: 2\n" in shown
    assert "Cramps logged, last 30 days: 3\n" in shown
    assert "Daily tips delivered today (UTC): 0" in shown
    assert f"Last broadcast\n{admin_texts.NO_BROADCAST_YET}" in shown


async def test_activity_is_recorded_for_known_users(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    bot.clock.advance(days=3)
    await bot.send(alice, "/help")
    await bot.settle()
    await bot.app.bot_data.activity.flush()
    assert bot.db["users"].get(alice.id)["last_active_at"] == to_db(bot.clock.now())
    await bot.send(FakeUser(5555), "/help")
    assert bot.db["users"].count == 1


async def test_addtip_previews_lists_and_removes(bot: Driver, alice: FakeUser) -> None:
    reply = await bot.send(ADA, "/addtip Keep a glass of water <by> the bed.")
    assert (
        "👥 <b>From the team, not from the articles</b>\n\n"
        "Keep a glass of water &lt;by&gt; the bed." in reply.text
    )
    assert reply.button_labels == [admin_texts.ALSO_BROADCAST]
    row = bot.db["admin_tips"].get(1)
    assert row["author"] == "telegram:42" and row["created_at"] == to_db(bot.clock.now())
    assert row["text"] == "Keep a glass of water <by> the bed."

    listing = await bot.send(alice, "/tips")
    labels = listing.button_labels
    assert labels[-2] == "👥 Keep a glass of water <by> the bed."
    assert labels[-1] == knowledge_texts.ANOTHER_TIP
    since = bot.mark()
    await bot.press(alice, listing.button("👥")["callback_data"], listing)
    detail = await bot.edit_after(alice, since)
    assert detail.text == (
        "👥 <b>From the team, not from the articles</b>\n\n"
        "Keep a glass of water &lt;by&gt; the bed."
    )
    assert detail.button_labels == [core_texts.BACK, knowledge_texts.ANOTHER_TIP]

    removed = await bot.send(GRACE, "/removetip team-1")
    assert removed.text == admin_texts.tip_removed(1)
    assert bot.db["admin_tips"].get(1)["removed_by"] == "telegram:43"
    assert "👥" not in " ".join((await bot.send(alice, "/tips")).button_labels)
    answer = await bot.press(alice, ShowItem("tips", "team-1").encode(), listing)
    assert answer.params["text"] == knowledge_texts.ITEM_GONE
    again = await bot.send(GRACE, "/removetip 1")
    assert again.text == admin_texts.tip_not_found(1)


async def test_also_broadcast_now_opens_a_preview(bot: Driver) -> None:
    users = crowd(2)
    await subscribe(bot, users)
    added = await bot.send(ADA, "/addtip Stretch your calves before bed.")
    since = bot.mark()
    await bot.press(ADA, added.button("Also broadcast")["callback_data"], added)
    shown = await bot.server.wait_for(
        lambda r: r.method == "sendMessage" and bool(r.buttons), since=since
    )
    assert shown.params["text"] == (
        "👥 <b>From the team, not from the articles</b>\n\nStretch your calves before bed."
    )
    assert shown.button_labels == ["✅ Send to 2 subscribers", "✖️ Cancel"]
    await bot.press(ADA, shown.button("Send")["callback_data"], shown)
    await finish_broadcasts(bot)
    assert [received(bot, user, shown.params["text"]) for user in users] == [1, 1]

    await bot.send(ADA, "/removetip 1")
    since = bot.mark()
    await bot.press(ADA, BroadcastTip(1).encode(), added)
    gone = await bot.server.wait_for(lambda r: r.method == "sendMessage", since=since)
    assert gone.text == admin_texts.TEAM_TIP_NO_LONGER


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/addtip", admin_texts.addtip_usage(1000)),
        ("/addtip   ", admin_texts.addtip_usage(1000)),
        ("/addtip " + "y" * 1001, admin_texts.too_long("tip", 1001, 1000)),
        ("/removetip", admin_texts.REMOVETIP_USAGE),
        ("/removetip seven", admin_texts.REMOVETIP_USAGE),
        ("/removetip 7", admin_texts.tip_not_found(7)),
    ],
)
async def test_bad_tip_commands_explain(bot: Driver, command: str, expected: str) -> None:
    reply = await bot.send(ADA, command)
    assert reply.params["text"] == expected
    assert bot.db["admin_tips"].count == 0


@pytest.mark.parametrize("command", ["/admin", "/addtip Eat salt", "/removetip 1"])
async def test_non_admins_cannot_use_admin_commands(
    bot: Driver, alice: FakeUser, command: str
) -> None:
    bot.app.bot_data.admin_tips.add("Existing", "shell:ops", bot.clock.now())
    reply = await bot.send(alice, command)
    assert reply.text == admin_texts.ADMIN_ONLY
    assert [row["text"] for row in bot.db["admin_tips"].rows_where("removed_at IS NULL")] == [
        "Existing"
    ]


async def test_forged_tip_broadcast_button_is_refused(bot: Driver, alice: FakeUser) -> None:
    await subscribe(bot, [alice])
    bot.app.bot_data.admin_tips.add("Existing", "shell:ops", bot.clock.now())
    answer = await bot.press(alice, BroadcastTip(1).encode(), None)
    assert answer.params["text"] == core_texts.BUTTON_EXPIRED
    await bot.settle()
    assert bot.db["broadcasts"].count == 0


async def test_admin_commands_appear_only_in_admin_chats(bot: Driver) -> None:
    calls = bot.server.calls("setMyCommands")
    public = [c for c in calls if "scope" not in c.params]
    assert len(public) == 1
    assert "broadcast" not in [c["command"] for c in public[0].params["commands"]]
    scoped = {c.params["scope"]["chat_id"]: c.params for c in calls if "scope" in c.params}
    assert set(scoped) == {42, 43}
    for params in scoped.values():
        assert params["scope"]["type"] == "chat"
        names = [c["command"] for c in params["commands"]]
        assert {"admin", "broadcast", "addtip", "removetip", "tips", "start"} <= set(names)
