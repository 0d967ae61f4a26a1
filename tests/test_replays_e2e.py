"""An update delivered again (same `update_id`) is not acted on again (issue 11, item 9).

Telegram redelivers an update when its 200 came back late, so the bot sees one
`/addtip` twice: it must add one tip, whether the replay reaches the same process or
the next one after a restart. Read-only updates leave no record behind.
"""

from __future__ import annotations

from datetime import timedelta

from bot.config import Config
from bot.core.replays import KEEP
from tests.fake_bot_api import FakeBotApi, FakeUser
from tests.support import Driver, FakeClock, running_bot

ADMIN = FakeUser(42, "Admin")


def tips(bot: Driver) -> list[str]:
    return [row["text"] for row in bot.db["admin_tips"].rows]


def handled(bot: Driver) -> list[int]:
    return [row["update_id"] for row in bot.db["handled_updates"].rows]


async def test_a_replayed_addtip_adds_one_tip(bot: Driver) -> None:
    since = bot.mark()
    update = bot.server.inject_message(ADMIN, "/addtip Stretch your calves before bed.")
    await bot.server.wait_for(lambda r: r.chat_id == ADMIN.id, since=since)
    bot.server.redeliver(update)
    await bot.settle()
    assert tips(bot) == ["Stretch your calves before bed."]
    assert len(bot.server.sent_to(ADMIN.id, since)) == 1, "the replay is not answered again"
    assert handled(bot) == [update["update_id"]]


async def test_a_replay_after_a_restart_is_not_applied(
    config: Config, server: FakeBotApi, clock: FakeClock, alice: FakeUser
) -> None:
    async with running_bot(config, server, clock) as bot:
        update = server.inject_message(ADMIN, "/addtip Drink a glass of water.")
        start = server.inject_message(alice, "/start")
        await bot.settle()
    async with running_bot(config, server, clock) as bot:
        since = bot.mark()
        server.redeliver(update)
        server.redeliver(start)
        await bot.settle()
        assert tips(bot) == ["Drink a glass of water."]
        assert bot.server.sent_to(ADMIN.id, since) == []
        assert bot.server.sent_to(alice.id, since) == []


async def test_read_only_updates_leave_no_record(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    recorded = handled(bot)
    since = bot.mark()
    update = bot.server.inject_message(alice, "/help")
    await bot.settle()
    assert handled(bot) == recorded, "no write for /help, so no record of it"
    bot.server.redeliver(update)
    await bot.settle()
    assert len(bot.server.sent_to(alice.id, since)) == 2, "a read-only replay just reads again"


async def test_old_ids_are_pruned_and_may_come_back(bot: Driver) -> None:
    """Telegram picks ids at random after a quiet week: an old id is a new update."""
    update = bot.server.inject_message(ADMIN, "/addtip One.")
    await bot.settle()
    bot.clock.advance(seconds=KEEP.total_seconds() + 60)
    bot.server.redeliver({**update, "message": {**update["message"], "text": "/addtip Two."}})
    await bot.settle()
    assert tips(bot) == ["One.", "Two."]
    later = bot.server.inject_message(ADMIN, "/addtip Three.")
    await bot.settle()
    assert sorted(handled(bot)) == sorted({update["update_id"], later["update_id"]})
    bot.clock.advance(seconds=(KEEP + timedelta(hours=1)).total_seconds())
    bot.server.inject_message(ADMIN, "/addtip Four.")
    await bot.settle()
    assert len(handled(bot)) == 1, "ids older than KEEP are pruned when one is added"
