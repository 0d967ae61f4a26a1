"""Which time-zone names are accepted, what the others get, and the one-time prompt for
users stored with an odd zone (issue 11, item 12)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.config import Config
from bot.core import zones
from bot.core.buttons import MAX_BYTES
from bot.daily.buttons import PickZone
from bot.daily.settings import zone_key
from tests.daily_support import next_tip_at, run_job, subscribe, tips_to, utc
from tests.fake_bot_api import FakeUser
from tests.support import Driver, FakeClock

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.fixture
def config(config: Config) -> Config:
    return config.model_copy(update={"bulk_messages_per_second": 0})


def test_the_zones_of_zone1970_and_utc_are_accepted_as_they_are() -> None:
    names = zones.canonical_zones()
    assert {"UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Asia/Kolkata"} <= names
    assert len(names) > 300
    for name in names:
        assert zones.accepted_zone(name) == name
        assert zones.accepted_zone(name.lower()) == name
        ZoneInfo(name)
        assert len(PickZone(zone_key(name)).encode().encode()) <= MAX_BYTES
    assert len({zone_key(name) for name in names}) == len(names)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Asia/Calcutta", "Asia/Kolkata"),
        ("asia/calcutta", "Asia/Kolkata"),
        ("US/Eastern", "America/New_York"),
        ("Europe/Kiev", "Europe/Kyiv"),
        ("America/Buenos_Aires", "America/Argentina/Buenos_Aires"),
        ("Etc/UTC", "UTC"),
        ("utc", "UTC"),
    ],
)
def test_older_names_are_stored_as_the_zone_they_name(typed: str, stored: str) -> None:
    assert zones.accepted_zone(typed) == stored


@pytest.mark.parametrize(
    "typed", ["EST", "GMT", "localtime", "Factory", "Japan", "Etc/GMT+5", "EST5EDT", "posixrules"]
)
def test_abbreviations_aliases_and_non_places_are_not_accepted(typed: str) -> None:
    assert zones.accepted_zone(typed) is None


def test_suggestions_for_an_abbreviation_or_a_city_alone() -> None:
    est = zones.suggestions("EST", NOW)
    assert est[0] == "America/New_York" and "America/Detroit" in est
    assert len(est) <= zones.MAX_SUGGESTIONS
    assert zones.suggestions("Berlin", NOW) == ["Europe/Berlin"]
    assert zones.suggestions("buenos aires", NOW) == ["America/Argentina/Buenos_Aires"]
    assert zones.suggestions("Calcutta", NOW) == ["Asia/Kolkata"]
    assert zones.suggestions("Japan", NOW) == ["Asia/Tokyo"]
    assert zones.suggestions("IST", NOW)[0] == "Asia/Kolkata"
    assert zones.suggestions("Factory", NOW) == zones.suggestions("localtime", NOW) == []


async def test_an_older_name_is_stored_as_its_zone(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    reply = await bot.send(alice, "/timezone Asia/Calcutta")
    assert "your time zone is <b>Asia/Kolkata</b>" in reply.text
    assert bot.db["users"].get(alice.id)["timezone"] == "Asia/Kolkata"


async def test_est_gets_zone_buttons_and_a_tap_sets_the_zone(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    reply = await bot.send(alice, "/timezone EST")
    assert "“EST” is not a full time zone name" in reply.text
    assert reply.button_labels[0] == "America/New_York"
    assert bot.db["users"].get(alice.id)["timezone"] == "UTC"
    since = bot.mark()
    await bot.press(alice, reply.button("America/New_York")["callback_data"], reply)
    edited = await bot.edit_after(alice, since)
    assert "your time zone is <b>America/New_York</b>" in edited.text
    assert edited.buttons == []
    assert bot.db["users"].get(alice.id)["timezone"] == "America/New_York"
    assert next_tip_at(bot, alice) == "2026-03-02T13:00:00Z"


async def test_a_city_alone_gets_its_zone_as_a_button(bot: Driver, alice: FakeUser) -> None:
    await bot.send(alice, "/start")
    reply = await bot.send(alice, "/timezone Berlin")
    assert reply.button_labels == ["Europe/Berlin"]
    assert bot.db["users"].get(alice.id)["timezone"] == "UTC"


async def test_a_user_stored_with_an_odd_zone_is_asked_once_under_the_next_tip(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, "UTC", "13:00")
    # Stored by an older version, which took any name zoneinfo could load.
    bot.db.execute("UPDATE users SET timezone = 'EST' WHERE user_id = ?", [alice.id])
    clock.set(utc(2026, 3, 2, 18))  # 13:00 EST
    await run_job(bot)
    (tip,) = tips_to(bot, alice)
    assert "Your time zone is set to “EST”" in tip.text
    assert tip.button_labels[:3] == ["🔄 Another tip", "📝 Log a cramp", "⏰ Change time"]
    assert "America/New_York" in tip.button_labels
    since = bot.mark()
    await bot.press(alice, tip.button("America/New_York")["callback_data"], tip)
    confirmation = await bot.server.wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == alice.id, since=since
    )
    assert "your time zone is <b>America/New_York</b>" in confirmation.text
    kept = bot.server.messages[(alice.id, tip.message_id)]
    assert "Your tip for today" in kept["text"]  # the tip itself stays
    labels = [b["text"] for row in kept["reply_markup"]["inline_keyboard"] for b in row]
    assert labels == ["🔄 Another tip", "📝 Log a cramp", "⏰ Change time"]
    assert bot.db["users"].get(alice.id)["timezone"] == "America/New_York"


async def test_the_odd_zone_prompt_comes_only_once(
    bot: Driver, clock: FakeClock, alice: FakeUser
) -> None:
    await subscribe(bot, alice, "UTC", "13:00")
    bot.db.execute("UPDATE users SET timezone = 'Factory' WHERE user_id = ?", [alice.id])
    clock.set(utc(2026, 3, 2, 13))
    await run_job(bot)
    (first,) = tips_to(bot, alice)
    assert "Your time zone is set to “Factory”" in first.text
    assert "Europe/London" in first.button_labels  # no suggestion: the popular zones
    clock.set(utc(2026, 3, 3, 13))
    await run_job(bot)
    assert [("set to" in tip.text) for tip in tips_to(bot, alice)] == [True, False]
