"""Which local day a tip belongs to: across a change of zone or time, past midnight, and
after /stop and /start (issue 11, items 6 to 8).

The bulk limiter's pacing is off: these send to one chat on several fake days within a
fraction of a real second.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlite_utils import Database

from bot.config import Config
from bot.core.database import open_database
from bot.core.migrations import MIGRATIONS
from bot.daily.kinds import Kind
from bot.daily.store import DeliveryStore
from tests.daily_support import deliveries, next_tip_at, run_job, subscribe, tips_to, utc
from tests.fake_bot_api import FakeUser
from tests.support import Driver, FakeClock


@pytest.fixture
def config(config: Config) -> Config:
    return config.model_copy(update={"bulk_messages_per_second": 0})


async def test_los_angeles_to_tokyo_after_the_tip_brings_no_second_tip_that_tokyo_day(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, "America/Los_Angeles", "08:00")
    clock.set(utc(2026, 3, 2, 16))  # 08:00 on 2 March in Los Angeles: 01:00 on 3 March in Tokyo
    await run_job(bot)
    assert len(tips_to(bot, alice)) == 1
    clock.advance(minutes=5)
    reply = await bot.send(alice, "/timezone Asia/Tokyo")
    assert "Next tip: <b>Wed 4 Mar, 08:00</b>" in reply.text
    clock.set(utc(2026, 3, 2, 23))  # 08:00 on 3 March in Tokyo: that day had its tip
    await run_job(bot)
    assert len(tips_to(bot, alice)) == 1
    clock.set(utc(2026, 3, 3, 23))  # 08:00 on 4 March in Tokyo
    await run_job(bot)
    assert len(tips_to(bot, alice)) == 2
    assert next_tip_at(bot, alice) == "2026-03-04T23:00:00Z"


async def test_tokyo_to_los_angeles_after_the_tip_skips_no_day(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, "Asia/Tokyo", "08:00")
    clock.set(utc(2026, 3, 2, 23))  # 08:00 on 3 March in Tokyo: 15:00 on 2 March in LA
    await run_job(bot)
    assert deliveries(bot, alice) == [("2026-03-03", "sent")]
    clock.advance(minutes=5)
    reply = await bot.send(alice, "/timezone America/Los_Angeles")
    assert "Next tip: <b>Tue 3 Mar, 8:00 AM</b>" in reply.text
    assert next_tip_at(bot, alice) == "2026-03-03T16:00:00Z"
    clock.set(utc(2026, 3, 3, 16))  # 08:00 on 3 March in Los Angeles
    await run_job(bot)
    assert len(tips_to(bot, alice)) == 2
    assert deliveries(bot, alice) == [("2026-03-03", "sent"), ("2026-03-03", "sent")]


async def test_a_change_of_time_after_a_change_of_zone_keeps_one_tip_a_day(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, "America/Los_Angeles", "08:00")
    clock.set(utc(2026, 3, 2, 16))
    await run_job(bot)
    await bot.send(alice, "/timezone Asia/Tokyo")
    # 09:00 on 3 March in Tokyo is still ahead, but that Tokyo day had its tip at 01:00.
    await bot.send(alice, "/time 09:00")
    assert next_tip_at(bot, alice) == "2026-03-04T00:00:00Z"


async def test_a_tip_at_23_59_reached_at_00_00_30_still_goes_out_for_its_own_day(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, "Europe/Berlin", "23:59")
    assert next_tip_at(bot, alice) == "2026-03-02T22:59:00Z"
    clock.set(utc(2026, 3, 2, 23, 0, 30))  # 00:00:30 on 3 March in Berlin: the tick was late
    await run_job(bot)
    assert len(tips_to(bot, alice)) == 1
    assert deliveries(bot, alice) == [("2026-03-02", "sent")]
    assert next_tip_at(bot, alice) == "2026-03-03T22:59:00Z"
    clock.set(utc(2026, 3, 3, 22, 59))
    await run_job(bot)
    assert deliveries(bot, alice) == [("2026-03-02", "sent"), ("2026-03-03", "sent")]


async def test_downtime_past_the_grace_skips_the_tip(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, "Europe/Berlin", "23:59")
    clock.set(utc(2026, 3, 3, 5, 0))  # six hours and a minute after 23:59 on 2 March
    await run_job(bot)
    assert tips_to(bot, alice) == [] and deliveries(bot, alice) == []
    assert next_tip_at(bot, alice) == "2026-03-03T22:59:00Z"


async def test_settings_after_stop_new_time_and_start_on_a_served_day_show_the_real_tip(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, "Europe/Berlin", "11:00")
    clock.set(utc(2026, 3, 2, 10))
    await run_job(bot)
    confirm = await bot.send(alice, "/stop")
    await bot.press(alice, confirm.button("Yes")["callback_data"], confirm)
    await bot.settle()
    await bot.send(alice, "/time 18:00")
    await bot.send(alice, "/start")
    settings = await bot.send(alice, "/settings")
    assert "(next: Tue 3 Mar, 18:00)" in settings.text
    clock.set(utc(2026, 3, 2, 17))
    await run_job(bot)
    assert len(tips_to(bot, alice)) == 1
    clock.set(utc(2026, 3, 3, 17))
    await run_job(bot)
    assert len(tips_to(bot, alice)) == 2


def test_deliveries_recorded_before_the_upgrade_keep_their_day(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = Database(sqlite3.connect(path, isolation_level=None))
    MIGRATIONS.apply(old, stop_before="m017b_deliveries_scheduled_at")
    old["users"].insert(
        {
            "user_id": 7,
            "chat_id": 7,
            "first_seen": "2026-03-01T00:00:00Z",
            "subscribed": 1,
            "timezone": "Asia/Tokyo",
            "tip_time": "08:00",
            "next_tip_at": "2026-03-03T23:00:00Z",
        }
    )
    old["deliveries"].insert(
        {
            "user_id": 7,
            "local_date": "2026-03-03",
            "tip_id": "stretch",
            "status": "sent",
            "claimed_at": "2026-03-02T23:00:05Z",
            "sent_at": "2026-03-02T23:00:06Z",
        }
    )
    old.conn.close()
    store = DeliveryStore(open_database(path))
    tokyo = ZoneInfo("Asia/Tokyo")
    assert store.served(7, Kind.TIP, date(2026, 3, 3), tokyo)
    assert not store.served(7, Kind.TIP, date(2026, 3, 4), tokyo)
    assert not store.served(7, Kind.CHECKIN, date(2026, 3, 3), tokyo)
    assert store.served(7, Kind.TIP, date(2026, 3, 2), ZoneInfo("America/Los_Angeles"))


async def test_a_run_moves_the_schedule_past_a_later_day_that_had_its_tip(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    clock.set(utc(2026, 3, 2, 7))
    await subscribe(bot, alice, "UTC", "08:00")
    # A record for 3 March already, as a restored backup or an earlier zone could leave.
    bot.db.execute(
        "INSERT INTO deliveries (user_id, kind, local_date, tip_id, status, claimed_at, "
        "sent_at, scheduled_at, timezone) VALUES (?, 'tip', '2026-03-03', 'old', 'sent', "
        "'2026-03-03T08:00:00Z', '2026-03-03T08:00:01Z', '2026-03-03T08:00:00Z', 'UTC')",
        [alice.id],
    )
    clock.set(utc(2026, 3, 2, 8))
    await run_job(bot)
    assert len(tips_to(bot, alice)) == 1
    assert next_tip_at(bot, alice) == "2026-03-04T08:00:00Z"
