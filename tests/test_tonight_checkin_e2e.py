""" "No cramps tonight" before the night is over, over real HTTP: the bot asks the next
morning with the check-in's question, once, without turning the daily check-in on
(issue 15, cramp-free nights)."""

from __future__ import annotations

import pytest

from bot.config import Config
from bot.daily import texts
from bot.daily.store import DeliveryStore
from tests.daily_support import next_tip_at, run_job, subscribe, unpaced, utc
from tests.fake_bot_api import FakeUser
from tests.support import Driver, FakeClock
from tests.test_schedule_e2e import BERLIN, NEW_YORK, checkins_to, free_nights, kinds_delivered


@pytest.fixture
def config(config: Config) -> Config:
    return unpaced(config)


async def run_hourly(bot: Driver, clock: FakeClock, hours: int) -> None:
    for _ in range(hours):
        clock.advance(minutes=30)
        await run_job(bot)
        clock.advance(minutes=30)
        await run_job(bot)


async def test_no_cramps_tonight_asks_once_the_next_morning(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    clock.set(utc(2026, 3, 10, 12))
    await subscribe(bot, alice, NEW_YORK, "08:00")
    await bot.send(alice, "/checkin 07:30")
    await bot.send(alice, "/checkin off")  # the time stays hers
    assert next_tip_at(bot, alice, "checkin") is None

    clock.set(utc(2026, 3, 11, 1))  # 21:00 in New York
    reply = await bot.send(alice, "no cramps tonight")
    assert "night to Wednesday 11 March isn't over yet" in reply.text
    assert "I'll ask you tomorrow morning at 7:30 AM" in reply.text
    assert free_nights(bot, alice) == []
    assert next_tip_at(bot, alice, "checkin") == "2026-03-11T11:30:00Z"

    await run_hourly(bot, clock, 11)  # until 08:00 in New York
    await run_job(bot)
    (checkin,) = checkins_to(bot, alice)
    assert checkin.button_labels == [texts.CHECKIN_NONE, texts.CHECKIN_YES]
    answer = await bot.press(alice, checkin.button(texts.CHECKIN_NONE)["callback_data"], checkin)
    assert answer.params["text"] == texts.CHECKIN_NONE_TOAST
    assert free_nights(bot, alice) == ["2026-03-11"]

    since = bot.mark()
    await run_hourly(bot, clock, 36)  # the next morning and the one after: nothing more
    assert checkins_to(bot, alice, since) == []
    assert kinds_delivered(bot, alice).count(("checkin", "2026-03-11")) == 1
    assert [kind for kind, _ in kinds_delivered(bot, alice)].count("checkin") == 1
    assert next_tip_at(bot, alice, "checkin") is None
    settings = await bot.send(alice, "/settings")
    assert "☀️ Morning check-in: off" in settings.button_labels


async def test_with_the_checkin_on_only_the_usual_one_comes(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    clock.set(utc(2026, 3, 10, 12))
    await subscribe(bot, alice, BERLIN, "08:00")
    await bot.send(alice, "/checkin 07:00")
    clock.set(utc(2026, 3, 10, 20))  # 21:00 in Berlin
    reply = await bot.send(alice, "no cramps tonight")
    assert "I'll ask you tomorrow morning at 07:00" in reply.text
    assert next_tip_at(bot, alice, "checkin") == "2026-03-11T06:00:00Z"

    await run_hourly(bot, clock, 11)  # until 08:00 in Berlin
    (checkin,) = checkins_to(bot, alice)
    await bot.press(alice, checkin.button(texts.CHECKIN_NONE)["callback_data"], checkin)
    assert free_nights(bot, alice) == ["2026-03-11"]
    await run_hourly(bot, clock, 4)  # until noon: no second one
    assert len(checkins_to(bot, alice)) == 1
    assert next_tip_at(bot, alice, "checkin") == "2026-03-12T06:00:00Z"  # still on, daily
    await run_hourly(bot, clock, 24)
    assert len(checkins_to(bot, alice)) == 2


async def test_a_paused_user_is_not_asked(bot: Driver, clock: FakeClock, alice: FakeUser) -> None:
    clock.set(utc(2026, 3, 10, 12))
    await subscribe(bot, alice, BERLIN, "08:00")
    await bot.send(alice, "/pause 3d")
    clock.set(utc(2026, 3, 10, 20))
    reply = await bot.send(alice, "no cramps tonight")
    assert "Tell me in the morning" in reply.text and "I'll ask" not in reply.text
    assert next_tip_at(bot, alice, "checkin") is None
    await run_hourly(bot, clock, 16)
    assert checkins_to(bot, alice) == [] and free_nights(bot, alice) == []


async def test_a_pause_after_asking_holds_the_question(
    bot: Driver, clock: FakeClock, alice: FakeUser, bob: FakeUser
) -> None:
    clock.set(utc(2026, 3, 10, 12))
    for user in (alice, bob):
        await subscribe(bot, user, BERLIN, "08:00")
    clock.set(utc(2026, 3, 10, 20))
    for user in (alice, bob):
        reply = await bot.send(user, "no cramps tonight")
        assert "I'll ask you tomorrow morning at 08:00" in reply.text
        await bot.send(user, "/pause forever")
    await bot.send(bob, "/resume")  # back before the morning: the question still comes
    await run_hourly(bot, clock, 16)
    assert checkins_to(bot, alice) == []
    assert len(checkins_to(bot, bob)) == 1
    await bot.send(alice, "/resume")  # too late for that night's question
    await run_hourly(bot, clock, 24)
    assert checkins_to(bot, alice) == [] and len(checkins_to(bot, bob)) == 1


async def test_turning_the_checkin_off_drops_the_question(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    clock.set(utc(2026, 3, 10, 12))
    await subscribe(bot, alice, BERLIN, "08:00")
    clock.set(utc(2026, 3, 10, 20))
    reply = await bot.send(alice, "no cramps tonight")
    assert "I'll ask you tomorrow morning at 08:00" in reply.text
    await bot.send(alice, "/checkin off")
    assert next_tip_at(bot, alice, "checkin") is None
    await run_hourly(bot, clock, 16)
    assert checkins_to(bot, alice) == []


async def test_a_restored_backup_drops_a_question_that_came_due(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    """The bot that ran on after the snapshot may have asked it: at most once."""
    clock.set(utc(2026, 3, 10, 12))
    await subscribe(bot, alice, BERLIN, "08:00")
    clock.set(utc(2026, 3, 10, 20))
    await bot.send(alice, "no cramps tonight")
    assert DeliveryStore(bot.db).skip_due(utc(2026, 3, 11, 7, 30)) == 2  # the tip too
    row = bot.db.execute(
        "SELECT enabled, next_due_at, once_on FROM schedules WHERE user_id = ? AND kind = ?",
        [alice.id, "checkin"],
    ).fetchone()
    assert row == (0, None, None)
    await run_hourly(bot, clock, 16)
    assert checkins_to(bot, alice) == []


async def test_a_new_zone_moves_the_question_to_its_morning(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    clock.set(utc(2026, 3, 10, 12))
    await subscribe(bot, alice, BERLIN, "08:00")
    clock.set(utc(2026, 3, 10, 20))
    await bot.send(alice, "no cramps tonight")
    await bot.send(alice, f"/timezone {NEW_YORK}")
    assert next_tip_at(bot, alice, "checkin") == "2026-03-11T12:00:00Z"  # 08:00 in New York
    await run_hourly(bot, clock, 40)
    (checkin,) = checkins_to(bot, alice)
    assert checkin.button_labels == [texts.CHECKIN_NONE, texts.CHECKIN_YES]
