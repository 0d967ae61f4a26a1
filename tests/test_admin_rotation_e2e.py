"""Team tips in the daily rotation, and the daily figures /admin shows.

Pacing is off: the same chat gets a tip on many fake days within a real second.
"""

from __future__ import annotations

import pytest

from bot.config import Config
from bot.core import texts as core_texts
from bot.daily import texts as daily_texts
from tests.admin_support import ADA
from tests.daily_support import run_job, subscribe, tips_to, utc
from tests.fake_bot_api import FakeUser
from tests.support import Driver, FakeClock


@pytest.fixture
def config(config: Config) -> Config:
    return config.model_copy(update={"bulk_messages_per_second": 0})


async def test_team_tips_join_the_rotation_until_removed(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, "Europe/Berlin", "11:00")
    await bot.send(ADA, "/addtip Keep a glass of water by the bed.")
    await bot.send(ADA, "/addtip Stretch before you sleep.")
    content = [tip.id for tip in bot.app.bot_data.catalogue.tips]
    clock.set(utc(2026, 3, 2, 10))
    for _ in range(len(content) + 2):
        await run_job(bot)
        clock.advance(days=1)
    sent = [row["tip_id"] for row in bot.db["deliveries"].rows_where(order_by="local_date")]
    assert sorted(sent) == sorted([*content, "team-1", "team-2"])
    team_messages = [
        r for r in tips_to(bot, alice) if "From the team, not from the articles" in r.text
    ]
    assert all(r.text.endswith("\n\n<i>Not medical advice · /about</i>") for r in team_messages)
    assert sorted(r.text for r in team_messages) == sorted(
        daily_texts.daily_team_tip(text)
        for text in ("Keep a glass of water by the bed.", "Stretch before you sleep.")
    )
    assert team_messages[0].button_labels == ["🔄 Another tip", "📝 Log a cramp", "⏰ Change time"]

    await bot.send(ADA, "/removetip 1")
    for _ in range(len(content) + 1):
        await run_job(bot)
        clock.advance(days=1)
    later = [row["tip_id"] for row in bot.db["deliveries"].rows_where(order_by="local_date")]
    assert "team-1" not in later[len(sent) :] and "team-2" in later[len(sent) :]


async def test_admin_counts_the_tips_delivered_today(
    bot: Driver, clock: FakeClock, alice: FakeUser, bob: FakeUser
) -> None:
    await subscribe(bot, alice, "Europe/Berlin", "11:00")
    await subscribe(bot, bob, "Europe/Berlin", "11:00")
    clock.set(utc(2026, 3, 2, 10))
    await run_job(bot)
    stats = core_texts.plain((await bot.send(ADA, "/admin")).text)
    assert "Daily tips delivered today (UTC): 2" in stats
    clock.advance(hours=14)  # 00:00 UTC: a new day, nothing delivered yet
    stats = core_texts.plain((await bot.send(ADA, "/admin")).text)
    assert "Daily tips delivered today (UTC): 0" in stats
