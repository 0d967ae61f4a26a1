"""/stats, /export, /forget and the red-flag note, over real HTTP."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

from PIL import Image

from bot.diary import texts
from bot.diary.store import DiaryStore
from tests.diary_support import (
    entries,
    log_and_finish,
    log_cramp,
    press_and_edit,
    seed,
    set_timezone,
)
from tests.fake_bot_api import FakeUser, Recorded
from tests.support import Driver

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def seed_month(bot: Driver, user: FakeUser) -> None:
    """Four cramps in the last 7 days, three more within 30, one older (today is 2 March)."""
    store: DiaryStore = bot.app.bot_data.diary
    rows = [
        (date(2026, 3, 2), "calf", 3, "now", True, "standing"),
        (date(2026, 3, 1), "calf", 2, "night", None, None),
        (date(2026, 2, 27), "foot", 1, "now", None, "standing"),
        (date(2026, 2, 25), "thigh", 3, "now", False, "exercise"),
        (date(2026, 2, 20), "foot", 1, "now", None, "exercise"),
        (date(2026, 2, 15), "foot", 1, "now", None, "exercise"),
        (date(2026, 2, 10), "foot", 2, "now", None, None),
        (date(2026, 1, 1), "calf", 3, "now", None, "sitting"),
    ]
    for day, muscle, severity, when, woke, trigger in rows:
        moment = datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)
        entry = seed(bot, user, moment, day, muscle, "left", severity)
        store.set_when(user.id, entry.id, when, moment, day)
        if woke is not None:
            store.set_woke(user.id, entry.id, woke)
        if trigger is not None:
            store.set_trigger(user.id, entry.id, trigger, on=True)


async def replies(bot: Driver, user: FakeUser, text: str) -> list[Recorded]:
    since = bot.mark()
    bot.server.inject_message(user, text)
    await bot.settle()
    return bot.server.sent_to(user.id, since)


def assert_png(photo: Recorded) -> None:
    data = photo.files["photo"]
    assert data.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(data))
    image.verify()
    assert image.format == "PNG" and image.size == (800, 400)


# -- /stats ---------------------------------------------------------------------------


async def test_stats_with_no_entries_is_friendly_text_only(bot: Driver, alice: FakeUser) -> None:
    [reply] = await replies(bot, alice, "/stats")
    assert reply.method == "sendMessage"
    assert "nothing to count" in reply.text


async def test_stats_with_one_entry(bot: Driver, alice: FakeUser) -> None:
    await log_cramp(bot, alice, "Right thigh", "Moderate")
    [photo] = await replies(bot, alice, "/stats")
    assert photo.method == "sendPhoto" and photo.text.startswith(texts.CHART_CAPTION)
    assert "<b>Last 7 days</b>\nCramps: 1\nNights disturbed: 0\n" in photo.text
    assert "Average severity: 2.0 of 3 (moderate)" in photo.text
    assert "Most common muscle: thigh" in photo.text
    assert "Most common trigger: none noted" in photo.text
    assert_png(photo)


async def test_stats_with_many_entries(bot: Driver, alice: FakeUser) -> None:
    seed_month(bot, alice)
    [photo] = await replies(bot, alice, "/stats")
    week, month = photo.text.split("\n\n")[2:4]
    assert week == (
        "<b>Last 7 days</b>\nCramps: 4\nNights disturbed: 2\n"
        "Average severity: 2.2 of 3 (moderate)\n"
        "Most common muscle: calf\nMost common trigger: long standing"
    )
    assert month == (
        "<b>Last 30 days</b>\nCramps: 7\nNights disturbed: 2\n"
        "Average severity: 1.9 of 3 (moderate)\n"
        "Most common muscle: foot\nMost common trigger: exercise or overuse"
    )
    assert_png(photo)


async def test_stats_with_only_old_entries_sends_no_empty_chart(
    bot: Driver, alice: FakeUser
) -> None:
    seed(bot, alice, datetime(2026, 1, 1, 9, 0, tzinfo=UTC), date(2026, 1, 1))
    [reply] = await replies(bot, alice, "/stats")
    assert reply.text.count("No cramps logged.") == 2


# -- /export --------------------------------------------------------------------------


def read_csv(document: Recorded) -> list[list[str]]:
    return list(csv.reader(io.StringIO(document.files["document"].decode("utf-8"))))


def header(zone: str) -> list[str]:
    return [
        "Date",
        f"Time ({zone})",
        "When",
        "Muscle",
        "Place (as typed)",
        "Side",
        "Severity",
        "Woke me up",
        "How long",
        "Possible triggers",
        "What I did",
        "Did it help",
        "Note",
        f"Logged at ({zone})",
    ]


async def test_export_with_no_entries(bot: Driver, alice: FakeUser) -> None:
    [reply] = await replies(bot, alice, "/export")
    assert reply.method == "sendMessage" and "nothing to export" in reply.text


async def test_export_with_one_entry_in_local_time(bot: Driver, alice: FakeUser) -> None:
    set_timezone(bot, alice, "Asia/Tokyo")
    flow, confirmation = await log_cramp(bot, alice, "Both feet", "Severe")
    triggers = await press_and_edit(
        bot, alice, confirmation.button("Triggers")["callback_data"], flow
    )
    await press_and_edit(bot, alice, triggers.button("A medicine")["callback_data"], flow)
    [document] = await replies(bot, alice, "/export")
    assert document.method == "sendDocument"
    assert "1 entry" in document.text and "Asia/Tokyo" in document.text
    assert read_csv(document) == [
        header("Asia/Tokyo"),
        [
            "2026-03-02",
            "18:00",
            "Just now",
            "Foot",
            "not recorded",
            "Both",
            "Severe",
            "not recorded",
            "not recorded",
            "A medicine",
            "not recorded",
            "not recorded",
            "not recorded",
            "2026-03-02 18:00",
        ],
    ]


async def test_export_with_many_entries_oldest_first(bot: Driver, alice: FakeUser) -> None:
    seed_month(bot, alice)
    [document] = await replies(bot, alice, "/export")
    rows = read_csv(document)
    assert rows[0] == header("UTC") and len(rows) == 9
    assert [row[0] for row in rows[1:]] == sorted(row[0] for row in rows[1:])
    assert rows[-1] == [
        "2026-03-02",
        "09:00",
        "Just now",
        "Calf",
        "not recorded",
        "Left",
        "Severe",
        "yes",
        "not recorded",
        "Long standing",
        "not recorded",
        "not recorded",
        "not recorded",
        "2026-03-02 09:00",
    ]
    night = next(row for row in rows if row[0] == "2026-03-01")
    assert night[1:3] == ["night", "During the night"]  # no made-up clock time
    untold = next(row for row in rows if row[0] == "2026-02-10")
    assert untold[7:10] == ["not recorded", "not recorded", "not recorded"]
    assert all(cell for row in rows for cell in row)  # no blank a reader could take for "no"


async def test_export_gives_earlier_today_as_before_the_logging_time(
    bot: Driver, alice: FakeUser, clock
) -> None:
    set_timezone(bot, alice, "America/New_York")
    clock.set(datetime(2026, 3, 2, 19, 30, tzinfo=UTC))  # 14:30 in New York
    flow, confirmation = await log_cramp(bot, alice, "Left calf", "Mild")
    await press_and_edit(bot, alice, confirmation.button("Earlier today")["callback_data"], flow)
    [document] = await replies(bot, alice, "/export")
    [head, row] = read_csv(document)
    assert head == header("America/New_York")
    assert row[:3] == ["2026-03-02", "before 14:30", "Earlier today"]
    assert row[-1] == "2026-03-02 14:30"


async def test_export_holds_only_the_users_own_entries(
    bot: Driver, alice: FakeUser, bob: FakeUser
) -> None:
    """Alice's cramps are all on the left; Bob's one cramp is on the right."""
    seed_month(bot, alice)
    await log_cramp(bot, bob, "Right thigh", "Mild")
    [bobs] = await replies(bot, bob, "/export")
    assert "1 entry" in bobs.text
    assert read_csv(bobs) == [
        header("UTC"),
        [
            "2026-03-02",
            "09:00",
            "Just now",
            "Thigh",
            "not recorded",
            "Right",
            "Mild",
            "not recorded",
            "not recorded",
            "not recorded",
            "not recorded",
            "not recorded",
            "not recorded",
            "2026-03-02 09:00",
        ],
    ]
    [alices] = await replies(bot, alice, "/export")
    assert "8 entries" in alices.text
    assert [(row[0], row[3], row[5], row[6]) for row in read_csv(alices)[1:]] == [
        ("2026-01-01", "Calf", "Left", "Severe"),
        ("2026-02-10", "Foot", "Left", "Moderate"),
        ("2026-02-15", "Foot", "Left", "Mild"),
        ("2026-02-20", "Foot", "Left", "Mild"),
        ("2026-02-25", "Thigh", "Left", "Severe"),
        ("2026-02-27", "Foot", "Left", "Mild"),
        ("2026-03-01", "Calf", "Left", "Moderate"),
        ("2026-03-02", "Calf", "Left", "Severe"),
    ]


# -- /forget --------------------------------------------------------------------------


async def test_forget_with_nothing_stored(bot: Driver, alice: FakeUser) -> None:
    reply = await bot.send(alice, "/forget")
    assert "don't store anything" in reply.text and reply.buttons == []


async def test_forget_asks_then_erases_everything(
    bot: Driver, alice: FakeUser, bob: FakeUser
) -> None:
    await bot.send(alice, "/start")
    for _ in range(3):
        await log_and_finish(bot, alice)  # three severe cramps: the red-flag note is recorded too
    await log_cramp(bot, bob)
    assert bot.db["diary_red_flags"].count == 1

    confirm = await bot.send(alice, "/forget")
    assert "3 entries" in confirm.text and "cannot be undone" in confirm.text
    kept = await press_and_edit(bot, alice, confirm.button("No")["callback_data"], confirm)
    assert "Nothing was erased" in kept.text
    assert len(entries(bot, alice)) == 3

    confirm = await bot.send(alice, "/forget")
    done = await press_and_edit(bot, alice, confirm.button("Yes")["callback_data"], confirm)
    assert "erased" in done.text and done.buttons == []
    assert bot.db["users"].count_where("user_id = ?", [alice.id]) == 0
    assert entries(bot, alice) == []
    assert bot.db["diary_red_flags"].count == 0
    assert len(entries(bot, bob)) == 1 and bot.db["users"].count_where("user_id = ?", [bob.id])

    again = await bot.press(alice, confirm.button("Yes")["callback_data"], confirm)
    assert "text" not in again.params  # a second "yes" is answered, nothing left to erase

    welcome = await bot.send(alice, "/start")
    assert (
        "Which time zone are you in?" in welcome.text
    )  # onboarding, like a new user  # like a new user
    assert "Your diary is empty" in (await bot.send(alice, "/history")).text


# -- the red-flag note ----------------------------------------------------------------


async def notes_after_logging(bot: Driver, user: FakeUser, severity: str) -> list[Recorded]:
    since = bot.mark()
    await log_and_finish(bot, user, severity=severity)
    await bot.settle()
    return [r for r in bot.server.sent_to(user.id, since) if "A gentle note" in r.text]


async def test_red_flag_after_three_severe_cramps_at_most_weekly(
    bot: Driver, alice: FakeUser, clock
) -> None:
    assert await notes_after_logging(bot, alice, "Severe") == []
    clock.advance(days=2)
    assert await notes_after_logging(bot, alice, "Severe") == []
    clock.advance(days=2)
    [note] = await notes_after_logging(bot, alice, "Severe")
    assert "3 cramps in the last 7 days (3 severe)" in note.text
    assert "That threshold is my own suggestion" in note.text
    assert (
        "<b>What the articles say</b>\nSee a doctor if you think another health problem may be "
        "behind your leg cramps, or if you take a medicine that can cause them."
    ) in note.text
    assert note.text.lower().count("doctor") == 1  # said once, not three times
    assert "The source advises" not in note.text
    assert (
        "📄 An untitled short article on leg contractions, section “Tip 4: Medical attention”"
        in note.text
    )
    assert note.text.endswith("\n\n<i>Not medical advice · /about</i>")

    clock.advance(days=1)
    assert await notes_after_logging(bot, alice, "Severe") == []  # within the week
    clock.advance(days=6)  # a week after the note; only the last cramp is still in the window
    assert await notes_after_logging(bot, alice, "Severe") == []
    [again] = await notes_after_logging(bot, alice, "Severe")
    assert "(3 severe)" in again.text


async def test_red_flag_after_seven_cramps_of_any_severity(bot: Driver, alice: FakeUser) -> None:
    for _ in range(6):
        assert await notes_after_logging(bot, alice, "Mild") == []
    [note] = await notes_after_logging(bot, alice, "Mild")
    assert "7 cramps in the last 7 days (0 severe)" in note.text


async def test_no_red_flag_when_cramps_are_spread_out(bot: Driver, alice: FakeUser, clock) -> None:
    for _ in range(4):
        assert await notes_after_logging(bot, alice, "Severe") == []
        clock.advance(days=4)
    assert bot.db["diary_red_flags"].count == 0
