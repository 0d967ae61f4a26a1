"""/insights over real HTTP: each insight appears at its minimum sample and not one case
below it, says its counts and days, never claims a cause, and links to the articles."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.diary import texts
from bot.diary.store import DiaryStore
from bot.diary.vocabulary import Helped, Tried, Trigger
from tests.diary_support import seed
from tests.fake_bot_api import FakeUser
from tests.support import Driver, FakeClock

TODAY = date(2026, 3, 20)


def cramp(bot: Driver, user: FakeUser, day: date, hour: int, trigger: str | None = None) -> None:
    """A cramp at `hour` UTC on `day` (the users here live in UTC)."""
    entry = seed(bot, user, datetime(day.year, day.month, day.day, hour, tzinfo=UTC), day)
    if trigger is not None:
        store: DiaryStore = bot.app.bot_data.diary
        store.set_trigger(user.id, entry.id, Trigger(trigger), on=True)


def free(bot: Driver, user: FakeUser, *nights: date) -> None:
    for night in nights:
        bot.app.bot_data.nights.mark_free(user.id, night, bot.clock.now())


async def insights(bot: Driver, user: FakeUser, clock: FakeClock, today: date = TODAY) -> str:
    clock.set(datetime(today.year, today.month, today.day, 9, 0, tzinfo=UTC))
    reply = await bot.send(user, "/insights")
    assert "cause" not in reply.text.lower()
    return reply.text


def days_before(count: int, step: int = 1, start: date = TODAY) -> list[date]:
    return [start - timedelta(days=step * offset) for offset in range(1, count + 1)]


@pytest.mark.parametrize(("night", "day", "shown"), [(5, 4, True), (4, 3, False), (5, 5, False)])
async def test_most_cramps_at_night(
    bot: Driver, alice: FakeUser, clock: FakeClock, night: int, day: int, shown: bool
) -> None:
    for when in days_before(night, step=2):
        cramp(bot, alice, when, 3)
    for when in days_before(day, step=2, start=TODAY - timedelta(days=1)):
        cramp(bot, alice, when, 15)
    text = await insights(bot, alice, clock)
    phrase = f"Most of your cramps (5 of {night + day}) came at night, over the last"
    assert (phrase in text) is shown


@pytest.mark.parametrize(
    ("first", "shown"), [(date(2026, 2, 24), True), (date(2026, 2, 25), False)]
)
async def test_this_month_against_last(
    bot: Driver, alice: FakeUser, clock: FakeClock, first: date, shown: bool
) -> None:
    """Five days of February covered, then four: the comparison needs five a side."""
    cramp(bot, alice, first, 15)
    cramp(bot, alice, date(2026, 2, 28), 15)
    cramp(bot, alice, date(2026, 3, 2), 15)
    text = await insights(bot, alice, clock, today=date(2026, 3, 5))
    days = (date(2026, 2, 28) - first).days + 1
    phrase = f"This month so far: 1 cramp in 5 days; last month (February): 2 in {days} days."
    assert (phrase in text) is shown


async def test_no_month_comparison_in_the_first_days_of_a_month(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    cramp(bot, alice, date(2026, 1, 10), 15)
    text = await insights(bot, alice, clock, today=date(2026, 3, 4))
    assert "This month" not in text
    text = await insights(bot, alice, clock, today=date(2026, 3, 5))
    assert "This month so far: 0 cramps in 5 days; last month (February): 0 in 28 days." in text


@pytest.mark.parametrize(("nights", "shown"), [(5, True), (4, False)])
async def test_cramp_free_nights_and_the_longest_run(
    bot: Driver, alice: FakeUser, clock: FakeClock, nights: int, shown: bool
) -> None:
    cramp(bot, alice, TODAY - timedelta(days=10), 3)
    free(bot, alice, *days_before(nights - 2, start=TODAY - timedelta(days=11)))
    free(bot, alice, TODAY - timedelta(days=3), TODAY - timedelta(days=1))
    text = await insights(bot, alice, clock)
    run = nights - 2
    phrase = (
        f"Cramp-free nights: {nights} of the {nights + 1} nights you told me about, over the "
        f"last 15 days. The longest run was {run} nights in a row, to 8 March."
    )
    assert (phrase in text) is shown


@pytest.mark.parametrize(("after", "shown"), [(5, True), (4, False)])
async def test_nights_after_days_with_a_trigger(
    bot: Driver, alice: FakeUser, clock: FakeClock, after: int, shown: bool
) -> None:
    """Exercise noted in the evening every fourth day; the night after: a cramp on three
    of them, free on the rest; five other nights called free."""
    exercise_days = days_before(after, step=4)
    for number, day in enumerate(exercise_days):
        cramp(bot, alice, day - timedelta(days=1), 18, trigger="exercise")
        if number < 3:
            cramp(bot, alice, day, 3)
        else:
            free(bot, alice, day)
    free(bot, alice, *(day - timedelta(days=2) for day in days_before(5, step=4)))
    text = await insights(bot, alice, clock)
    phrase = (
        "Nights after days you noted exercise or overuse as a possible trigger: 3 cramps in "
        f"{after} nights; other nights: 0 in 5. That is {after + 5} nights you told me about"
    )
    assert (phrase in text) is shown, text
    if shown:
        reply = await bot.send(alice, "/insights")
        since = bot.mark()
        await bot.press(alice, reply.button("Balance activity with rest")["callback_data"], reply)
        tip = await bot.server.wait_for(
            lambda r: r.method == "sendMessage" and r.chat_id == alice.id, since=since
        )
        assert "<b>Balance activity with rest</b>" in tip.text


async def test_an_empty_diary_says_what_is_needed(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    text = await insights(bot, alice, clock)
    assert text == texts.INSIGHTS_NONE


async def test_stats_carries_one_line_of_the_insights(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    for when in days_before(6, step=2):
        cramp(bot, alice, when, 3)
    clock.set(datetime(2026, 3, 20, 9, 0, tzinfo=UTC))
    since = bot.mark()
    bot.server.inject_message(alice, "/stats")
    await bot.settle()
    [photo] = bot.server.sent_to(alice.id, since)
    assert "💡 Most of your cramps (6 of 6) came at night, over the last 13 days." in photo.text
    assert "More in /insights." in photo.text


async def test_stats_says_when_there_is_not_enough_yet(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    cramp(bot, alice, TODAY, 3)
    clock.set(datetime(2026, 3, 20, 9, 0, tzinfo=UTC))
    since = bot.mark()
    bot.server.inject_message(alice, "/stats")
    await bot.settle()
    [photo] = bot.server.sent_to(alice.id, since)
    assert "Insights come in /insights once there is enough to count." in photo.text


async def test_insights_is_in_the_help(bot: Driver, alice: FakeUser) -> None:
    reply = await bot.send(alice, "/help")
    assert "/insights: " in reply.text


@pytest.mark.parametrize(
    ("a_lot", "not_at_all", "shown"), [(5, 1, True), (4, 0, False), (5, 5, False)]
)
async def test_after_you_stretched(
    bot: Driver, alice: FakeUser, clock: FakeClock, a_lot: int, not_at_all: int, shown: bool
) -> None:
    """The user's own answers: most must be one answer, and at least five of them."""
    store: DiaryStore = bot.app.bot_data.diary
    answers = [Helped.A_LOT] * a_lot + [Helped.NOT_AT_ALL] * not_at_all
    for offset, answer in enumerate(answers, start=1):
        day = TODAY - timedelta(days=offset)
        entry = seed(bot, alice, datetime(day.year, day.month, day.day, 15, tzinfo=UTC), day)
        store.set_tried(alice.id, entry.id, Tried.STRETCHED, on=True)
        store.set_helped(alice.id, entry.id, answer)
    unanswered = seed(bot, alice, datetime(2026, 3, 19, 16, tzinfo=UTC), date(2026, 3, 19))
    store.set_tried(alice.id, unanswered.id, Tried.STRETCHED, on=True)
    text = await insights(bot, alice, clock)
    total = a_lot + not_at_all
    phrase = (
        f"After you stretched the muscle, {a_lot} of {total} cramps eased a lot, by your own "
        f"answers, over the last {total + 1} days."
    )
    assert (phrase in text) is shown, text
    if shown:
        reply = await bot.send(alice, "/insights")
        assert "📚 Stretch your leg muscles" in reply.button_labels
