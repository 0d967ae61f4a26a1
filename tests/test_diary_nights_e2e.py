"""Cramp-free nights in /stats: nights with cramps, nights the user called free, and the
unknown rest, over 7, 30 and 90 nights, in the text and on the chart."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from PIL import Image, ImageColor

from bot.diary import charts
from bot.diary.night_states import (
    NightState,
    cramps_per_night,
    finished_night,
    night_states,
    nights_ending,
)
from bot.diary.store import DiaryStore, Entry
from bot.diary.typed import Said
from tests.diary_support import seed, set_timezone
from tests.fake_bot_api import FakeUser, Recorded
from tests.support import Driver, FakeClock

BERLIN = ZoneInfo("Europe/Berlin")


async def replies(bot: Driver, user: FakeUser, text: str) -> list[Recorded]:
    since = bot.mark()
    bot.server.inject_message(user, text)
    await bot.settle()
    return bot.server.sent_to(user.id, since)


def night_cramp(bot: Driver, user: FakeUser, local: datetime, when: str = "now") -> Entry:
    """A cramp at a local Berlin moment, stored as the flow stores it (UTC and local date)."""
    moment = local.replace(tzinfo=BERLIN).astimezone(UTC)
    entry = seed(bot, user, moment, local.date())
    if when != "now":
        store: DiaryStore = bot.app.bot_data.diary
        store.set_when(user.id, entry.id, when, moment, local.date())
    return entry


def free(bot: Driver, user: FakeUser, *nights: date) -> None:
    for night in nights:
        bot.app.bot_data.nights.mark_free(user.id, night, bot.clock.now())


def light_pixels(photo: Recorded) -> int:
    image = Image.open(io.BytesIO(photo.files["photo"])).convert("RGB")
    target = ImageColor.getrgb(charts.FREE_COLOUR)
    colours = image.getcolors(maxcolors=image.width * image.height) or []
    return sum(count for count, colour in colours if colour == target)


async def test_stats_shows_the_three_states_of_each_night(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    set_timezone(bot, alice, "Europe/Berlin")
    clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=BERLIN))  # the night to 10 March is over
    # Night to 10 March: a cramp at 23:30 on the 9th belongs to it, not to the 9th's night.
    night_cramp(bot, alice, datetime(2026, 3, 9, 23, 30))
    # Night to 8 March: two cramps, one night. Night to 4 March: logged "during the night".
    night_cramp(bot, alice, datetime(2026, 3, 8, 2, 0))
    night_cramp(bot, alice, datetime(2026, 3, 8, 4, 0))
    night_cramp(bot, alice, datetime(2026, 3, 4, 3, 0), when="night")
    # A cramp in the afternoon marks no night.
    night_cramp(bot, alice, datetime(2026, 3, 6, 15, 0))
    # Free: two nights within 7, one more within 30, one more within 90; and a night the
    # user called free that has a cramp logged after all counts as a night with cramps.
    free(bot, alice, date(2026, 3, 9), date(2026, 3, 7), date(2026, 2, 20), date(2025, 12, 20))
    free(bot, alice, date(2026, 3, 8))
    [photo] = await replies(bot, alice, "/stats")
    assert photo.method == "sendPhoto"
    assert "🌙 <b>Nights</b>" in photo.text
    assert "Last 7 nights: 3 with cramps, 2 cramp-free, 2 unknown" in photo.text
    assert "Last 30 nights: 3 with cramps, 3 cramp-free, 24 unknown" in photo.text
    assert "Last 90 nights: 3 with cramps, 4 cramp-free, 83 unknown" in photo.text
    assert light_pixels(photo) > 20  # the cramp-free nights are marked on the chart


async def test_a_chart_without_free_nights_has_no_light_marks(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    set_timezone(bot, alice, "Europe/Berlin")
    clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=BERLIN))
    night_cramp(bot, alice, datetime(2026, 3, 8, 2, 0))
    [photo] = await replies(bot, alice, "/stats")
    assert "Last 7 nights: 1 with cramps, 0 cramp-free, 6 unknown" in photo.text
    assert light_pixels(photo) == 0


async def test_stats_with_only_free_nights_shows_them(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    await bot.send(alice, "no cramps last night")
    [photo] = await replies(bot, alice, "/stats")
    assert photo.method == "sendPhoto"
    assert "Last 7 nights: 0 with cramps, 1 cramp-free, 6 unknown" in photo.text
    assert light_pixels(photo) > 0


def test_a_late_cramp_and_an_early_one_name_the_same_night() -> None:
    """23:30 on the 9th and 03:00 on the 10th, in Berlin: both the night to the 10th."""
    late = Entry(1, 1, *(datetime(2026, 3, 9, 22, 30, tzinfo=UTC),) * 2, date(2026, 3, 9),
                 "now", "calf", "left", 2, None, None)  # fmt: skip
    early = Entry(2, 1, *(datetime(2026, 3, 10, 2, 0, tzinfo=UTC),) * 2, date(2026, 3, 10),
                  "now", "calf", "left", 2, None, None)  # fmt: skip
    per_night = cramps_per_night([late, early], BERLIN)
    assert per_night == {date(2026, 3, 10): 2}
    nights = nights_ending(date(2026, 3, 11), 3)
    assert night_states(per_night, {date(2026, 3, 11)}, nights) == [
        NightState.UNKNOWN,
        NightState.CRAMPS,
        NightState.FREE,
    ]


def test_which_night_a_no_cramps_answer_is_about() -> None:
    day = date(2026, 3, 10)

    def at(hour: int) -> datetime:
        return datetime(2026, 3, 10, hour, 0)

    assert finished_night(Said.LAST_NIGHT, at(8)) == day
    assert finished_night(Said.LAST_NIGHT, at(20)) == day
    assert finished_night(Said.LAST_NIGHT, at(2)) is None  # still in it
    assert finished_night(Said.TONIGHT, at(8)) == day
    assert finished_night(None, at(8)) == day
    assert finished_night(Said.TONIGHT, at(20)) is None
    assert finished_night(None, at(13)) is None
    assert day - timedelta(days=1) not in {finished_night(s, at(9)) for s in Said}
