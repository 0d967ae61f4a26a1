"""The daily tip job over real HTTP: local times, daylight saving, exactly once.

The bulk limiter's pacing is switched off here (each test sends to the same chat on
many fake days within a fraction of a real second); test_daily_sending_e2e.py and
test_ratelimit.py cover the pacing.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.clock import to_db
from bot.config import Config
from bot.daily.store import DUE_SQL
from tests.daily_support import (
    deliveries,
    next_tip_at,
    run_job,
    subscribe,
    tips_to,
    utc,
)
from tests.fake_bot_api import FakeBotApi, FakeUser
from tests.support import Driver, FakeClock, running_bot


@pytest.fixture
def config(config: Config) -> Config:
    return config.model_copy(update={"bulk_messages_per_second": 0})


async def test_berlin_eight_oclock_across_the_march_change(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    clock.set(utc(2026, 3, 27, 12))
    await subscribe(bot, alice, "Europe/Berlin", "08:00")
    assert next_tip_at(bot, alice) == "2026-03-28T07:00:00Z"

    clock.set(utc(2026, 3, 28, 6, 59))
    await run_job(bot)
    assert tips_to(bot, alice) == []
    clock.set(utc(2026, 3, 28, 7, 0))
    await run_job(bot)
    assert len(tips_to(bot, alice)) == 1
    assert next_tip_at(bot, alice) == "2026-03-29T06:00:00Z"  # still 08:00 local, now CEST

    clock.set(utc(2026, 3, 29, 6, 0, 30))
    await run_job(bot)
    assert len(tips_to(bot, alice)) == 2
    assert deliveries(bot, alice) == [("2026-03-28", "sent"), ("2026-03-29", "sent")]
    assert next_tip_at(bot, alice) == "2026-03-30T06:00:00Z"


async def test_berlin_time_inside_the_spring_gap_comes_at_the_first_valid_minute(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    clock.set(utc(2026, 3, 28, 12))
    await subscribe(bot, alice, "Europe/Berlin", "02:30")
    assert next_tip_at(bot, alice) == "2026-03-29T01:00:00Z"  # 03:00 CEST
    clock.set(utc(2026, 3, 29, 0, 59))
    await run_job(bot)
    assert tips_to(bot, alice) == []
    clock.set(utc(2026, 3, 29, 1, 0))
    await run_job(bot)
    assert len(tips_to(bot, alice)) == 1
    assert deliveries(bot, alice) == [("2026-03-29", "sent")]
    assert next_tip_at(bot, alice) == "2026-03-30T00:30:00Z"


async def test_berlin_october_change_and_a_time_that_happens_twice(
    bot: Driver, clock: FakeClock, alice: FakeUser, bob: FakeUser
) -> None:
    clock.set(utc(2026, 10, 23, 12))
    await subscribe(bot, alice, "Europe/Berlin", "02:30")
    await subscribe(bot, bob, "Europe/Berlin", "08:00")
    clock.set(utc(2026, 10, 24, 6))
    await run_job(bot)
    assert next_tip_at(bot, bob) == "2026-10-25T07:00:00Z"  # 08:00 CET after the change

    clock.set(utc(2026, 10, 25, 0, 30))  # the first 02:30 (CEST)
    await run_job(bot)
    clock.set(utc(2026, 10, 25, 1, 30))  # the second 02:30 (CET)
    await run_job(bot)
    clock.set(utc(2026, 10, 25, 7))
    await run_job(bot)
    assert [d for d in deliveries(bot, alice) if d[0] == "2026-10-25"] == [("2026-10-25", "sent")]
    assert len(tips_to(bot, alice)) == 2  # 24 and 25 October, once each
    assert next_tip_at(bot, alice) == "2026-10-26T01:30:00Z"
    assert len(tips_to(bot, bob)) == 2
    assert next_tip_at(bot, bob) == "2026-10-26T07:00:00Z"


async def test_new_york_across_its_march_change(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    clock.set(utc(2026, 3, 6, 20))
    await subscribe(bot, alice, "America/New_York", "08:00")
    assert next_tip_at(bot, alice) == "2026-03-07T13:00:00Z"
    clock.set(utc(2026, 3, 7, 13))
    await run_job(bot)
    assert next_tip_at(bot, alice) == "2026-03-08T12:00:00Z"
    clock.set(utc(2026, 3, 8, 12))
    await run_job(bot)
    assert deliveries(bot, alice) == [("2026-03-07", "sent"), ("2026-03-08", "sent")]


async def test_the_far_ends_of_the_clock(
    bot: Driver, clock: FakeClock, alice: FakeUser, bob: FakeUser
) -> None:
    # 09:00 UTC on 2 March is 23:00 on 2 March at UTC+14 and 22:00 on 1 March at UTC-11.
    await subscribe(bot, alice, "Pacific/Kiritimati", "08:00")
    await subscribe(bot, bob, "Pacific/Pago_Pago", "08:00")
    assert next_tip_at(bot, alice) == "2026-03-02T18:00:00Z"  # 08:00 on 3 March
    assert next_tip_at(bot, bob) == "2026-03-02T19:00:00Z"  # 08:00 on 2 March
    clock.set(utc(2026, 3, 2, 18))
    await run_job(bot)
    assert len(tips_to(bot, alice)) == 1 and tips_to(bot, bob) == []
    clock.set(utc(2026, 3, 2, 19))
    await run_job(bot)
    assert deliveries(bot, alice) == [("2026-03-03", "sent")]
    assert deliveries(bot, bob) == [("2026-03-02", "sent")]
    assert next_tip_at(bot, alice) == "2026-03-03T18:00:00Z"
    assert next_tip_at(bot, bob) == "2026-03-03T19:00:00Z"


async def test_the_tip_message_and_its_buttons(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, "Europe/Berlin", "11:00")
    clock.set(utc(2026, 3, 2, 10))
    await run_job(bot)
    (tip,) = tips_to(bot, alice)
    assert "Source" in tip.text
    assert tip.text.endswith("\n\n<i>Not medical advice · /about</i>")
    assert tip.button_labels == ["🔄 Another tip", "📝 Log a cramp", "⏰ Change time"]
    assert tip.button("Log a cramp")["callback_data"] == "1:L"
    catalogue = bot.app.bot_data.catalogue
    (row,) = bot.db["deliveries"].rows
    sent_tip = catalogue.tip(row["tip_id"])
    assert sent_tip is not None and sent_tip.title in tip.text and sent_tip.short in tip.text
    assert row["message_id"] == tip.message_id

    since = bot.mark()
    await bot.press(alice, tip.button("Another tip")["callback_data"], tip)
    another = await bot.server.wait_for(lambda r: r.method == "sendMessage", since=since)
    assert sent_tip.title not in another.text and "Source" in another.text

    since = bot.mark()
    await bot.press(alice, tip.button("Change time")["callback_data"], tip)
    offer = await bot.server.wait_for(lambda r: r.method == "sendMessage", since=since)
    assert "When would you like" in offer.text and "09:00" in offer.button_labels
    since = bot.mark()
    await bot.press(alice, offer.button("09:00")["callback_data"], offer)
    done = await bot.edit_after(alice, since)
    assert "09:00" in done.text and "Tue 3 Mar, 09:00" in done.text  # today's tip is done


async def test_a_second_run_the_same_day_sends_nothing(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, "Europe/Berlin", "11:00")
    clock.set(utc(2026, 3, 2, 10))
    await run_job(bot)
    await run_job(bot)
    # Moving the time later today does not bring a second tip today.
    await bot.send(alice, "/time 20:00")
    assert next_tip_at(bot, alice) == "2026-03-03T19:00:00Z"
    clock.set(utc(2026, 3, 2, 19, 30))
    await run_job(bot)
    assert len(tips_to(bot, alice)) == 1


async def test_stopping_and_starting_again_the_same_day_brings_no_second_tip(
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
    clock.set(utc(2026, 3, 2, 17))
    await run_job(bot)
    assert len(tips_to(bot, alice)) == 1
    assert next_tip_at(bot, alice) == "2026-03-03T17:00:00Z"


async def test_a_restart_in_the_middle_of_the_day(
    config: Config, server: FakeBotApi, clock: FakeClock, alice: FakeUser, bob: FakeUser
) -> None:
    carol = FakeUser(1003, "Carol")
    async with running_bot(config, server, clock) as bot:
        await subscribe(bot, alice, "Europe/Berlin", "11:00")
        await subscribe(bot, bob, "Europe/Berlin", "13:00")
        await subscribe(bot, carol, "Europe/Berlin", "15:00")
        clock.set(utc(2026, 3, 2, 10))
        await run_job(bot)
        assert len(tips_to(bot, alice)) == 1
        # The process dies while carol's tip is in flight: claimed, never settled.
        bot.db["deliveries"].insert(
            {
                "user_id": carol.id,
                "local_date": "2026-03-02",
                "tip_id": "stretch",
                "status": "sending",
                "claimed_at": "2026-03-02T14:00:00Z",
                "scheduled_at": "2026-03-02T14:00:00Z",
                "timezone": "Europe/Berlin",
            }
        )
    # Down at 13:00 Berlin (bob's time); back at 15:30.
    clock.set(utc(2026, 3, 2, 14, 30))
    async with running_bot(config, server, clock) as bot:
        await run_job(bot)
        assert len(tips_to(bot, alice)) == 1  # not doubled
        assert len(tips_to(bot, bob)) == 1  # late, but on the same local day
        assert tips_to(bot, carol) == []  # at most once: a stale claim counts as sent
        assert deliveries(bot, carol) == [("2026-03-02", "sending")]
        assert next_tip_at(bot, carol) == "2026-03-03T14:00:00Z"
        assert next_tip_at(bot, bob) == "2026-03-03T12:00:00Z"


async def test_down_for_more_than_a_day_sends_no_stale_tip(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, "Europe/Berlin", "11:00")
    assert next_tip_at(bot, alice) == "2026-03-02T10:00:00Z"
    clock.set(utc(2026, 3, 3, 8))  # 09:00 the next day: 2 March is gone, 3 March not yet due
    await run_job(bot)
    assert tips_to(bot, alice) == []
    assert next_tip_at(bot, alice) == "2026-03-03T10:00:00Z"
    clock.set(utc(2026, 3, 5, 16))  # down again, back after 11:00 on 5 March
    await run_job(bot)
    assert deliveries(bot, alice) == [("2026-03-05", "sent")]
    assert next_tip_at(bot, alice) == "2026-03-06T10:00:00Z"


async def test_rotation_goes_through_every_tip_before_repeating(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, "Europe/Berlin", "11:00")
    tips = bot.app.bot_data.catalogue.tips
    clock.set(utc(2026, 3, 2, 10))
    for _ in range(len(tips) + 2):
        await run_job(bot)
        clock.advance(days=1)
    sent = [row["tip_id"] for row in bot.db["deliveries"].rows_where(order_by="local_date")]
    assert sorted(sent[: len(tips)]) == sorted(tip.id for tip in tips)
    assert len(set(sent[len(tips) :])) == 2 and sent[len(tips)] != sent[len(tips) - 1]
    assert len(tips_to(bot, alice)) == len(tips) + 2


def log_cramp(bot: Driver, user: FakeUser, days_ago: int, now: str, **fields: object) -> None:
    when = to_db(utc(2026, 3, 2, 3) - timedelta(days=days_ago))
    trigger = fields.pop("trigger", None)
    row = {"when_kind": "now", "muscle": "calf", "side": "left", "severity": 2, **fields}
    table = bot.db["cramp_entries"].insert(
        {"user_id": user.id, "logged_at": now, "happened_at": when, "local_date": when[:10], **row}
    )
    if trigger is not None:
        bot.db["entry_triggers"].insert({"entry_id": table.last_pk, "trigger": trigger})


async def test_the_diary_chooses_the_next_tip_and_the_message_says_why(
    bot: Driver, clock: FakeClock, alice: FakeUser, bob: FakeUser
) -> None:
    """Bob, due in the same minute, logged nothing: his tips name no reason (the run
    reads a whole page of users' diaries at once)."""
    await subscribe(bot, alice, "Europe/Berlin", "11:00")
    await subscribe(bot, bob, "Europe/Berlin", "11:00")
    now = "2026-03-02T09:00:00Z"
    log_cramp(bot, alice, 1, now, when_kind="night")
    log_cramp(bot, alice, 2, now, woke=1)
    log_cramp(bot, alice, 3, now, trigger="exercise")
    log_cramp(bot, alice, 30, now, trigger="sitting")  # too old to count
    clock.set(utc(2026, 3, 2, 10))
    await run_job(bot)
    (first,) = tips_to(bot, alice)
    assert "Toes pointed down in bed" in first.text  # the one tip for night cramps
    assert "names lying with your toes pointed down as a trigger" in first.text
    assert "because you logged night cramps" in first.text

    since = bot.mark()
    clock.advance(days=1)
    await run_job(bot)
    (second,) = tips_to(bot, alice, since)
    assert "because you logged cramps around exercise" in second.text
    (tip_id,) = [
        row["tip_id"]
        for row in bot.db["deliveries"].rows_where("user_id = ?", [alice.id], order_by="id")
    ][1:]
    assert tip_id in {"stretch", "rest-and-recover"}
    assert [("because you logged" in tip.text) for tip in tips_to(bot, bob)] == [False, False]


async def test_unsubscribed_and_blocked_users_get_nothing(
    bot: Driver, clock: FakeClock, alice: FakeUser, bob: FakeUser
) -> None:
    """In the same run a subscriber due at the same minute gets the tip: the run did go out."""
    carol, dave = FakeUser(1003, "Carol"), FakeUser(1004, "Dave")
    for user in (alice, carol, dave):
        await subscribe(bot, user, "Europe/Berlin", "11:00")
    await bot.send(bob, "/time 11:00")  # never subscribed
    confirm = await bot.send(alice, "/stop")
    await bot.press(alice, confirm.button("Yes")["callback_data"], confirm)
    await bot.settle()
    bot.server.blocked_chats.add(dave.id)  # blocked the bot after subscribing
    before = bot.server.acted.copy()
    clock.set(utc(2026, 3, 2, 12))
    await run_job(bot)
    assert len(tips_to(bot, carol)) == 1
    assert tips_to(bot, alice) == [] and tips_to(bot, bob) == [] and tips_to(bot, dave) == []
    assert bot.server.acted - before == {carol.id: 1}
    subscribed = bot.db["users"].rows_where("subscribed = 1", select="user_id")
    assert [row["user_id"] for row in subscribed] == [carol.id]


def test_due_users_are_selected_through_the_index(db_path: Path) -> None:
    from bot.core.database import open_database

    db = open_database(db_path)
    params = {
        "now": "2026-03-02T10:00:00Z",
        "after_at": "",
        "after_id": 0,
        "after_kind": "",
        "limit": 500,
    }
    plan = " ".join(row[3] for row in db.execute("EXPLAIN QUERY PLAN " + DUE_SQL, params))
    assert plan.count("SEARCH schedules USING COVERING INDEX idx_schedules_due") == 3
    assert "SCAN" not in plan and "TEMP B-TREE" not in plan


def test_due_users_page_through_a_crowded_minute_once_each(db_path: Path) -> None:
    from bot.clock import from_db
    from bot.core.database import open_database
    from bot.daily.store import START, DeliveryStore
    from tests.fault_support import insert_subscribers

    db = open_database(db_path)
    times = ["2026-03-02T07:00:00Z"] * 7 + ["2026-03-02T07:01:00Z"] * 3 + ["2026-03-02T08:00:00Z"]
    rows = [(user_id, "UTC", from_db(due)) for user_id, due in enumerate(times, start=1)]
    insert_subscribers(db, rows, "2026-03-01T00:00:00Z", kinds=("tip", "checkin"))
    store, seen, after = DeliveryStore(db), [], START
    while page := store.due(utc(2026, 3, 2, 7, 30), after, limit=3):
        seen += [(due.user_id, due.kind) for due in page]
        after = page[-1].position
    first, second = range(1, 8), range(8, 11)  # the 07:00 minute, then 07:01
    assert seen == [
        *((user_id, kind) for kind in ("checkin", "tip") for user_id in first),
        *((user_id, kind) for kind in ("checkin", "tip") for user_id in second),
    ]
