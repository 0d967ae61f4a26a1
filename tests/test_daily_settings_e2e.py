"""/time, /timezone, /settings and the share-location button, over real HTTP."""

from __future__ import annotations

from datetime import time
from typing import Any

from bot.core.invariants import present
from bot.daily.buttons import SetTime, SetZone
from bot.daily.settings import change_settings
from tests.daily_support import TIP_HEADER, next_tip_at, run_job, subscribe, tips_to, utc
from tests.fake_bot_api import FakeUser
from tests.onboarding_support import start_with_defaults
from tests.support import Driver, FakeClock


def settings_row(bot: Driver, user: FakeUser) -> tuple[str, str, str | None]:
    zone, at, due = bot.db.execute(
        "SELECT u.timezone, s.local_time, s.next_due_at FROM users u "
        "JOIN schedules s ON s.user_id = u.user_id AND s.kind = 'tip' WHERE u.user_id = ?",
        [user.id],
    ).fetchone()
    return at, zone, due


async def test_time_with_a_value_reschedules(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    reply = await bot.send(alice, "/time 7:30")
    assert "07:30" in reply.text and "UTC" in reply.text and "Tue 3 Mar, 07:30" in reply.text
    assert settings_row(bot, alice) == ("07:30", "UTC", "2026-03-03T07:30:00Z")
    reply = await bot.send(alice, "/time 21:15")  # later today: still today's tip
    assert settings_row(bot, alice) == ("21:15", "UTC", "2026-03-02T21:15:00Z")
    assert "Mon 2 Mar, 21:15" in reply.text


async def test_bad_times_are_explained_and_change_nothing(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    before = settings_row(bot, alice)
    for value in ("25:00", "8", "noon", "08:60", "<b>7</b>"):
        reply = await bot.send(alice, f"/time {value}")
        assert "couldn't read" in reply.text and "/time 07:30" in reply.text
        assert "have not changed" in reply.text
    assert "&lt;b&gt;" in reply.text  # what the user typed is escaped, not rendered
    assert settings_row(bot, alice) == before


async def test_time_without_a_value_offers_buttons(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    offer = await bot.send(alice, "/time")
    assert offer.button_labels == [
        "06:00",
        "07:00",
        "08:00",
        "09:00",
        "12:00",
        "18:00",
        "20:00",
        "21:00",
    ]
    since = bot.mark()
    answer = await bot.press(alice, offer.button("18:00")["callback_data"], offer)
    assert "text" not in answer.params
    done = await bot.edit_after(alice, since)
    assert "18:00" in done.text
    assert settings_row(bot, alice) == ("18:00", "UTC", "2026-03-02T18:00:00Z")


async def test_timezone_by_name_any_case(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    reply = await bot.send(alice, "/timezone america/new_york")
    assert "America/New_York" in reply.text and "8:00 AM" in reply.text  # a 12-hour zone
    assert settings_row(bot, alice) == ("08:00", "America/New_York", "2026-03-02T13:00:00Z")


async def test_bad_zones_are_explained_and_change_nothing(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    before = settings_row(bot, alice)
    for value in ("Mars/Olympus", "Factory", "localtime", "Europe/../etc", "x" * 200):
        reply = await bot.send(alice, f"/timezone {value}")
        assert "don't know the time zone" in reply.text
        assert "/timezone Europe/Berlin" in reply.text and "have not changed" in reply.text
    assert settings_row(bot, alice) == before


async def test_timezone_without_a_value_offers_zones_and_location(
    bot: Driver, alice: FakeUser
) -> None:
    await bot.send(alice, "/start")
    since = bot.mark()
    bot.server.inject_message(alice, "/timezone")
    zones = await bot.server.wait_for(lambda r: "Which time zone" in r.text, since=since)
    location = await bot.server.wait_for(lambda r: "To find your zone" in r.text, since=since)
    assert {"Berlin", "New York", "Tokyo", "UTC"} <= set(zones.button_labels)
    keyboard = location.params["reply_markup"]["keyboard"]
    assert keyboard[0][0]["request_location"] is True

    since = bot.mark()
    await bot.press(alice, zones.button("Berlin")["callback_data"], zones)
    done = await bot.edit_after(alice, since)
    assert "Europe/Berlin" in done.text
    assert settings_row(bot, alice) == ("08:00", "Europe/Berlin", "2026-03-03T07:00:00Z")


async def test_a_shared_location_sets_the_zone_and_is_not_kept(
    bot: Driver, alice: FakeUser
) -> None:
    await start_with_defaults(bot, alice)
    since = bot.mark()
    bot.server.inject_message(alice, "", location={"latitude": 40.7128, "longitude": -74.006})
    reply = await bot.server.wait_for(lambda r: r.method == "sendMessage", since=since)
    assert "America/New_York" in reply.text
    assert reply.params["reply_markup"] == {"remove_keyboard": True}
    assert settings_row(bot, alice)[1] == "America/New_York"
    dump = "\n".join(bot.db.iterdump())
    assert "40.71" not in dump and "74.00" not in dump


async def test_a_location_with_no_zone_is_explained(bot: Driver, alice: FakeUser) -> None:
    await start_with_defaults(bot, alice)
    since = bot.mark()
    bot.server.inject_message(alice, "", location={"latitude": 91.0, "longitude": 0.0})
    reply = await bot.server.wait_for(lambda r: r.method == "sendMessage", since=since)
    assert "couldn't work out a time zone" in reply.text
    assert settings_row(bot, alice)[1] == "UTC"


async def test_settings_shows_subscription_time_and_zone(bot: Driver, alice: FakeUser) -> None:
    reply = await bot.send(alice, "/settings")
    assert "Daily tip: off" in reply.text and "UTC" in reply.text
    assert bot.db["users"].count_where("user_id = ?", [alice.id]) == 0  # reading made none
    await subscribe(bot, alice, "Europe/Berlin", "07:15")
    reply = await bot.send(alice, "/settings")
    assert "Daily tip: <b>07:15</b>, every day (next: Tue 3 Mar, 07:15)" in reply.text
    assert "Europe/Berlin" in reply.text
    assert "💡 Daily tip: on ✅" in reply.button_labels and "🌍 Time zone" in reply.button_labels
    since = bot.mark()
    await bot.press(alice, reply.button("Time zone")["callback_data"], reply)
    await bot.server.wait_for(lambda r: "Which time zone" in r.text, since=since)


async def test_settings_of_a_user_who_has_not_subscribed_are_kept(
    bot: Driver, alice: FakeUser
) -> None:
    reply = await bot.send(alice, "/time 06:45")
    assert "not subscribed" in reply.text and "/start" in reply.text
    assert settings_row(bot, alice) == ("06:45", "UTC", None)
    await bot.send(alice, "/start")
    assert next_tip_at(bot, alice) == "2026-03-03T06:45:00Z"


async def test_forged_setting_buttons_are_expired(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    before = settings_row(bot, alice)
    for data in (SetTime(24 * 60).encode(), SetZone("mars-base").encode(), "1:tt:ab"):
        answer = await bot.press(alice, data)
        assert "expired" in answer.params["text"]
    assert settings_row(bot, alice) == before


async def test_a_new_time_set_while_today_s_tip_is_on_the_wire_stands(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    """The run records a sent tip after the send (in a batch, later still): the schedule
    it moves on must be the one it sent for, not the one the user has set meanwhile."""
    await subscribe(bot, alice, "Europe/Berlin", "11:00")

    def new_time_on_send(method: str, params: dict[str, Any]) -> None:
        if method == "sendMessage" and TIP_HEADER in params.get("text", ""):
            data = bot.app.bot_data
            user = present(data.users.get(alice.id), "alice")
            change_settings(data.users, data.schedules, user, clock.now(), tip_time=time(20))

    bot.server.fault_hooks.append(new_time_on_send)
    clock.set(utc(2026, 3, 2, 10))  # 11:00 in Berlin
    await run_job(bot)
    assert len(tips_to(bot, alice)) == 1
    # today had its tip, so the new time starts tomorrow, 20:00 in Berlin
    assert settings_row(bot, alice) == ("20:00", "Europe/Berlin", "2026-03-03T19:00:00Z")
    await run_job(bot)
    assert len(tips_to(bot, alice)) == 1
