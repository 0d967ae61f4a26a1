"""Fuller diary entries over real HTTP: how long, triggers, what the user did, when with a
time of day, editing from /history, the red-flag note after Done, and the upgrade."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from bot.config import Config
from bot.context import BotContext
from bot.core.database import open_database
from bot.core.migrations import MIGRATIONS, m025_fuller_diary_entries
from bot.diary.buttons import LogDayPart, LogSection, LogTrigger, LogWoke
from bot.diary.handlers import RED_FLAG_JOB, start_log_flow
from bot.diary.report_figures import Span, figures
from bot.diary.store import DiaryStore, Entry
from bot.diary.vocabulary import (
    DayPart,
    Duration,
    Helped,
    Muscle,
    Side,
    Tried,
    Trigger,
    WhenKind,
)
from tests.diary_support import (
    entries,
    is_expired,
    log_and_finish,
    log_cramp,
    press_and_edit,
    seed,
    set_timezone,
    tried_of,
    triggers_of,
)
from tests.fake_bot_api import FakeBotApi, FakeUser, Recorded, TelegramFault
from tests.support import Driver, FakeClock, running_bot
from tests.test_diary_report_e2e import document_for, pdf_of, text_of


def listed(text: str) -> list[str]:
    return [line for line in text.splitlines() if line[:1].isdigit()]


async def open_section(bot: Driver, user: FakeUser, view: Recorded, label: str) -> Recorded:
    return await press_and_edit(bot, user, view.button(label)["callback_data"], view)


async def tap(
    bot: Driver, user: FakeUser, view: Recorded, label: str, message: Recorded
) -> Recorded:
    return await press_and_edit(bot, user, view.button(label)["callback_data"], message)


# -- each detail, saved as it is tapped --------------------------------------------------


async def test_how_long_it_lasted(bot: Driver, alice: FakeUser) -> None:
    flow, saved = await log_cramp(bot, alice)
    section = await tap(bot, alice, saved, "How long", flow)
    assert "How long did it last?" in section.text
    assert section.button_labels == [
        "Under a minute",
        "1-5 minutes",
        "5-15 minutes",
        "Longer",
        "« Back",
    ]
    chosen = await tap(bot, alice, section, "1-5 minutes", flow)
    assert entries(bot, alice)[0]["duration"] == "1-5"
    assert "✓ 1-5 minutes" in chosen.button_labels and "lasted 1 to 5 minutes" in chosen.text
    changed = await tap(bot, alice, chosen, "Longer", flow)
    assert entries(bot, alice)[0]["duration"] == "longer"
    assert "lasted more than 15 minutes" in changed.text
    main = await tap(bot, alice, changed, "Back", flow)
    assert "✓ ⏱ How long" in main.button_labels and "Done" in main.button_labels[-1]


async def test_several_triggers_each_toggled_on_and_off(bot: Driver, alice: FakeUser) -> None:
    flow, saved = await log_cramp(bot, alice)
    section = await tap(bot, alice, saved, "Triggers", flow)
    exercise = await tap(bot, alice, section, "Exercise", flow)
    both = await tap(bot, alice, exercise, "Long standing", flow)
    [row] = entries(bot, alice)
    assert triggers_of(bot, row) == {"exercise", "standing"}
    assert "possible triggers: exercise or overuse and long standing" in both.text
    assert {"✓ Exercise or overuse", "✓ Long standing", "Long sitting"} <= set(both.button_labels)

    off = await tap(bot, alice, both, "Exercise", flow)  # the ticked one: taps it off
    assert triggers_of(bot, row) == {"standing"}
    assert "Exercise or overuse" in off.button_labels
    assert "possible trigger: long standing" in off.text

    again = both.button("Exercise")["callback_data"]  # a late second tap of the "off" button
    await bot.press(alice, again, flow)
    await bot.settle()
    assert triggers_of(bot, row) == {"standing"}


async def test_what_the_user_did_and_whether_it_helped(bot: Driver, alice: FakeUser) -> None:
    flow, saved = await log_cramp(bot, alice)
    section = await tap(bot, alice, saved, "What I did", flow)
    assert "This is your own record, not advice." in section.text
    assert section.button_labels == [
        "Stretched the muscle",
        "Walked or stood up",
        "Drank water",
        "Rested",
        "Something else",
        "Helped a lot",
        "A little",
        "Not at all",
        "« Back",
    ]
    stretched = await tap(bot, alice, section, "Stretched", flow)
    water = await tap(bot, alice, stretched, "Drank water", flow)
    helped = await tap(bot, alice, water, "A little", flow)
    [row] = entries(bot, alice)
    assert tried_of(bot, row) == {"stretched", "water"} and row["helped"] == "a-little"
    assert "you stretched the muscle and drank water, which helped a little" in helped.text
    no_water = await tap(bot, alice, helped, "✓ Drank water", flow)
    assert tried_of(bot, row) == {"stretched"}
    assert "you stretched the muscle, which helped a little" in no_water.text
    lot = await tap(bot, alice, no_water, "Helped a lot", flow)
    assert entries(bot, alice)[0]["helped"] == "a-lot" and "✓ Helped a lot" in lot.button_labels


async def test_where_and_how_bad_can_be_changed(bot: Driver, alice: FakeUser) -> None:
    flow, saved = await log_cramp(bot, alice, "Left calf", "Severe")
    section = await tap(bot, alice, saved, "Where, how bad", flow)
    assert "✓ Left calf" in section.button_labels and "✓ 🔴 Severe" in section.button_labels
    moved = await tap(bot, alice, section, "Right thigh", flow)
    milder = await tap(bot, alice, moved, "Mild", flow)
    [row] = entries(bot, alice)
    assert (row["muscle"], row["side"], row["severity"]) == ("thigh", "right", 1)
    assert "<b>Right thigh</b>, mild" in milder.text
    assert len(entries(bot, alice)) == 1


# -- when, with a time of day ------------------------------------------------------------


async def test_yesterday_and_two_days_ago_with_a_time_of_day(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    set_timezone(bot, alice, "Europe/Berlin")
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))  # 10:00 in Berlin
    flow, saved = await log_cramp(bot, alice)
    assert "Morning" not in saved.button_labels  # "just now" has its clock time

    yesterday = await tap(bot, alice, saved, "Yesterday", flow)
    [row] = entries(bot, alice)
    assert (row["when_kind"], row["local_date"], row["day_part"]) == (
        "yesterday",
        "2026-03-01",
        None,
    )
    assert row["happened_at"] == "2026-03-01T11:00:00Z"  # midday in Berlin, for ordering only
    assert yesterday.button_labels[5:9] == ["🌙 Night", "Morning", "Afternoon", "Evening"]

    evening = await tap(bot, alice, yesterday, "Evening", flow)
    [row] = entries(bot, alice)
    assert (row["day_part"], row["happened_at"]) == ("evening", "2026-03-01T19:00:00Z")
    assert "yesterday, in the evening" in evening.text and "✓ Evening" in evening.button_labels

    two_days = await tap(bot, alice, evening, "2 days ago", flow)
    assert entries(bot, alice)[0]["day_part"] is None  # a new day asks for its time anew
    morning = await tap(bot, alice, two_days, "Morning", flow)
    [row] = entries(bot, alice)
    assert (row["local_date"], row["happened_at"]) == ("2026-02-28", "2026-02-28T08:00:00Z")
    history = await bot.send(alice, "/history")
    assert listed(history.text)[0].startswith("1. Sat 28 Feb, in the morning: <b>Left calf</b>")

    now = await tap(bot, alice, morning, "Just now", flow)
    [row] = entries(bot, alice)
    assert (row["when_kind"], row["day_part"]) == ("now", None)
    assert row["happened_at"] == row["logged_at"] and "Morning" not in now.button_labels


async def test_earlier_today_sorts_above_cramps_logged_before_it(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    """Before, a cramp logged at 06:28 as "earlier today" was stored as 03:14 and listed
    below one logged at 06:27 as "just now"."""
    clock.set(datetime(2026, 3, 2, 6, 27, tzinfo=UTC))
    await log_cramp(bot, alice, "Right foot", "Mild")
    clock.set(datetime(2026, 3, 2, 6, 28, tzinfo=UTC))
    flow, saved = await log_cramp(bot, alice, "Left thigh", "Severe")
    await tap(bot, alice, saved, "Earlier today", flow)
    rows = entries(bot, alice)
    assert rows[1]["happened_at"] == "2026-03-02T06:28:00Z" > rows[0]["happened_at"]
    history = await bot.send(alice, "/history")
    assert listed(history.text) == [
        "1. Mon 2 Mar, earlier in the day: <b>Left thigh</b>, severe",
        "2. Mon 2 Mar, 06:27: <b>Right foot</b>, mild",
    ]


async def test_a_flow_opened_for_the_night_saves_a_night_cramp(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    """The morning check-in's way in: `start_log_flow` with a preset when."""
    set_timezone(bot, alice, "Europe/Berlin")
    clock.set(datetime(2026, 3, 2, 6, 30, tzinfo=UTC))  # 07:30 in Berlin
    since = bot.mark()
    await start_log_flow(BotContext(bot.app), alice.id, WhenKind.NIGHT)
    flow = await bot.server.wait_for(lambda r: r.method == "sendMessage", since=since)
    assert "(during the night)" in flow.text and "Where was the cramp?" in flow.text
    question = await tap(bot, alice, flow, "Right calf", flow)
    back = await tap(bot, alice, question, "Back", flow)
    assert back.text == flow.text  # the preset survives going back
    question = await tap(bot, alice, back, "Right calf", flow)
    saved = await tap(bot, alice, question, "Moderate", flow)
    [row] = entries(bot, alice)
    assert (row["when_kind"], row["local_date"]) == ("night", "2026-03-02")
    assert row["happened_at"] == "2026-03-02T02:00:00Z"  # 03:00 in Berlin
    assert "✓ During the night" in saved.button_labels


# -- editing from /history ---------------------------------------------------------------


async def test_every_field_can_be_changed_from_history(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    for hour, place in ((7, "Left calf"), (8, "Right foot")):
        clock.set(datetime(2026, 3, 2, hour, 0, tzinfo=UTC))
        await log_and_finish(bot, alice, place, "Mild")
    listing = await bot.send(alice, "/history")
    assert "Tap ✏️ and a number to change that entry" in listing.text
    edit = await tap(bot, alice, listing, "✏️ 2", listing)  # the older one: Left calf
    assert "Change this entry" in edit.text and "<b>Left calf</b>, mild" in edit.text
    assert edit.button_labels[-2:] == ["🗑 Delete", "« Back to history"]
    assert "Undo" not in " ".join(edit.button_labels)

    view = await tap(bot, alice, edit, "During the night", listing)
    view = await tap(bot, alice, view, "It woke me", listing)
    view = await tap(bot, alice, await tap(bot, alice, view, "How long", listing), "5-15", listing)
    view = await tap(bot, alice, view, "Back", listing)
    view = await tap(
        bot, alice, await tap(bot, alice, view, "Triggers", listing), "Long sitting", listing
    )
    view = await tap(bot, alice, view, "Back", listing)
    view = await tap(
        bot, alice, await tap(bot, alice, view, "What I did", listing), "Rested", listing
    )
    view = await tap(bot, alice, view, "Not at all", listing)
    view = await tap(bot, alice, view, "Back", listing)
    view = await tap(
        bot, alice, await tap(bot, alice, view, "Where, how bad", listing), "Both thighs", listing
    )
    view = await tap(bot, alice, view, "Moderate", listing)
    view = await tap(bot, alice, view, "Back", listing)
    rows = entries(bot, alice)
    assert len(rows) == 2
    old, new = rows
    assert (old["muscle"], old["side"], old["severity"]) == ("thigh", "both", 2)
    assert (old["when_kind"], old["woke"], old["duration"], old["helped"]) == (
        "night",
        1,
        "5-15",
        "not-at-all",
    )
    assert triggers_of(bot, old) == {"sitting"} and tried_of(bot, old) == {"rested"}
    assert (new["muscle"], new["severity"], new["when_kind"]) == ("foot", 1, "now")  # untouched
    assert new["woke"] is None and triggers_of(bot, new) == set()

    page = await tap(bot, alice, view, "Back to history", listing)
    assert listed(page.text) == [
        "1. Mon 2 Mar, 08:00: <b>Right foot</b>, mild",
        "2. Mon 2 Mar, during the night: <b>Both thighs</b>, moderate, woke you up, "
        "lasted 5 to 15 minutes, possible trigger: long sitting, "
        "you rested, which did not help",
    ]


async def test_stale_and_double_taps_never_edit_the_wrong_entry(
    bot: Driver, alice: FakeUser, bob: FakeUser
) -> None:
    for place in ("Left calf", "Right foot"):
        await log_and_finish(bot, alice, place, "Mild")
    first = await bot.send(alice, "/history")
    older = await tap(bot, alice, first, "✏️ 2", first)
    [older_id, newer_id] = [row["id"] for row in entries(bot, alice)]
    woke = older.button("It woke me")["callback_data"]

    # A double tap: both presses land, one change.
    bot.server.inject_callback(alice, woke, first.message_id)
    bot.server.inject_callback(alice, woke, first.message_id)
    await bot.settle()
    assert [row["woke"] for row in entries(bot, alice)] == [1, None]

    # A second /history, editing the other entry: the first message's details go stale.
    second = await bot.send(alice, "/history")
    newer = await tap(bot, alice, second, "✏️ 1", second)
    assert "<b>Right foot</b>" in newer.text
    retired = bot.server.calls("editMessageReplyMarkup")
    assert retired and int(retired[-1].params["message_id"]) == first.message_id
    since = bot.mark()
    stale = await bot.press(alice, older.button("It didn't wake")["callback_data"], first)
    assert is_expired(stale)
    # A forged id of the user's own on the open message reaches only the user's own entry;
    # a button carrying an entry id that was never the user's reaches nothing.
    assert is_expired(await bot.press(bob, LogWoke(newer_id, "yes").encode(), second))
    assert is_expired(await bot.press(alice, LogWoke(10**12, "yes").encode(), second))
    assert [row["woke"] for row in entries(bot, alice)] == [1, None]
    assert bot.server.calls("editMessageText", since=since) == []

    # Back to the page: the message no longer shows details, its old buttons are refused.
    page = await tap(bot, alice, newer, "Back to history", second)
    assert "page 1 of 1" in page.text
    assert is_expired(await bot.press(alice, LogWoke(newer_id, "yes").encode(), second))
    assert is_expired(
        await bot.press(alice, LogTrigger(newer_id, Trigger.OTHER, "yes").encode(), second)
    )
    assert entries(bot, alice)[1]["woke"] is None

    # An entry deleted meanwhile: its details buttons are refused.
    newer = await tap(bot, alice, page, "✏️ 2", second)
    bot.app.bot_data.diary.delete(alice.id, older_id)
    assert is_expired(await bot.press(alice, newer.button("Triggers")["callback_data"], second))
    assert is_expired(await bot.press(alice, LogSection(older_id, "duration").encode(), second))
    assert len(entries(bot, alice)) == 1


async def test_delete_from_the_details(bot: Driver, alice: FakeUser) -> None:
    await log_and_finish(bot, alice)
    listing = await bot.send(alice, "/history")
    edit = await tap(bot, alice, listing, "✏️ 1", listing)
    ask = await tap(bot, alice, edit, "Delete", listing)
    assert "Delete this entry" in ask.text
    empty = await tap(bot, alice, ask, "Yes", listing)
    assert "Your diary is empty" in empty.text and entries(bot, alice) == []


# -- the red-flag note ---------------------------------------------------------------------


def notes(bot: Driver, user: FakeUser, since: int) -> list[Recorded]:
    return [r for r in bot.server.sent_to(user.id, since) if "A gentle note" in r.text]


async def run_red_flag_job(bot: Driver) -> None:
    assert bot.app.job_queue is not None
    (job,) = bot.app.job_queue.get_jobs_by_name(RED_FLAG_JOB.name)
    await job.run(bot.app)
    await bot.settle()


async def test_red_flag_comes_after_done_not_while_logging(bot: Driver, alice: FakeUser) -> None:
    for _ in range(2):
        await log_and_finish(bot, alice)
    since = bot.mark()
    flow, saved = await log_cramp(bot, alice)  # the third severe cramp in a week
    section = await tap(bot, alice, saved, "How long", flow)
    await tap(bot, alice, section, "Under a minute", flow)
    await bot.settle()
    assert notes(bot, alice, since) == []  # not in the middle of logging
    main = await tap(bot, alice, section, "Back", flow)
    done = await tap(bot, alice, main, "Done", flow)
    await bot.settle()
    [note] = notes(bot, alice, since)
    assert "3 cramps in the last 7 days (3 severe)" in note.text
    assert bot.server.requests.index(note) > bot.server.requests.index(done)
    await bot.press(alice, main.button("Done")["callback_data"], flow)  # a second Done
    await run_red_flag_job(bot)
    assert len(notes(bot, alice, since)) == 1


async def test_red_flag_a_minute_after_saving_without_done(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    for _ in range(2):
        await log_and_finish(bot, alice)
    since = bot.mark()
    flow, saved = await log_cramp(bot, alice)
    clock.advance(seconds=59)
    await run_red_flag_job(bot)
    assert notes(bot, alice, since) == []
    clock.advance(seconds=1)
    await run_red_flag_job(bot)
    assert len(notes(bot, alice, since)) == 1
    await tap(bot, alice, saved, "Done", flow)  # Done after the job: no second note
    await run_red_flag_job(bot)
    assert len(notes(bot, alice, since)) == 1


async def test_a_waiting_red_flag_survives_a_restart(
    config: Config, server: FakeBotApi, clock: FakeClock, alice: FakeUser
) -> None:
    async with running_bot(config, server, clock) as bot:
        for _ in range(3):
            await log_cramp(bot, alice)  # no Done: the bot stops before the minute is up
        assert notes(bot, alice, 0) == []
    clock.advance(minutes=5)
    async with running_bot(config, server, clock) as bot:
        await run_red_flag_job(bot)
        [note] = notes(bot, alice, 0)
        assert "3 cramps in the last 7 days" in note.text


# -- the upgrade ----------------------------------------------------------------------------


def test_the_upgrade_carries_every_entry_over_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = Database(path)
    old.execute("PRAGMA foreign_keys=ON")
    MIGRATIONS.apply(old, stop_before=m025_fuller_diary_entries.__name__)
    old.execute(
        "INSERT INTO users (user_id, chat_id, first_seen, subscribed, timezone, tip_time) "
        "VALUES (7, 7, '2026-01-01T00:00:00Z', 1, 'Europe/Berlin', '09:00')"
    )
    rows = [
        ("2026-03-01T07:00:00Z", "2026-03-01T02:00:00Z", "2026-03-01", "night", "calf", "left",
         3, 1, "exercise", 11),
        ("2026-03-01T12:00:00Z", "2026-03-01T05:30:00Z", "2026-03-01", "earlier", "foot",
         "both", 1, None, None, 12),
        ("2026-03-02T09:00:00Z", "2026-03-02T09:00:00Z", "2026-03-02", "now", "other", "right",
         2, 0, "medication", None),
        ("2026-03-02T10:00:00Z", "2026-03-02T10:00:00Z", "2026-03-02", "now", "thigh", "left",
         2, None, "other", 14),
    ]  # fmt: skip
    for row in rows:
        old.execute(
            "INSERT INTO cramp_entries (logged_at, happened_at, local_date, when_kind, muscle, "
            "side, severity, woke, trigger, flow_message_id, user_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 7)",
            row,
        )
    old.execute("DELETE FROM cramp_entries WHERE flow_message_id = 14")  # frees the top id
    before = [dict(row) for row in old["cramp_entries"].rows_where(order_by="id")]
    (sequence,) = old.execute(
        "SELECT seq FROM sqlite_sequence WHERE name = 'cramp_entries'"
    ).fetchone()
    old.close()

    db = open_database(path)
    after = [dict(row) for row in db["cramp_entries"].rows_where(order_by="id")]
    assert len(after) == len(before) == 3
    for was, now in zip(before, after, strict=True):
        trigger = was.pop("trigger")
        assert {key: now[key] for key in was} == was
        assert (now["day_part"], now["place"], now["duration"], now["helped"], now["note"]) == (
            None,
            None,
            None,
            None,
            None,
        )
        assert now["closed_at"] == now["logged_at"]  # their red-flag check happened at saving
        found = db.execute(
            "SELECT trigger FROM entry_triggers WHERE entry_id = ?", [now["id"]]
        ).fetchall()
        assert found == ([(trigger,)] if trigger else [])
    store = DiaryStore(db)
    read = store.all(7)
    assert [entry.triggers for entry in read] == [
        frozenset({Trigger.EXERCISE}),
        frozenset(),
        frozenset({Trigger.MEDICATION}),
    ]
    assert [entry.woke for entry in read] == [True, None, False]
    assert store.left_open(datetime(2030, 1, 1, tzinfo=UTC)) == []  # no late red-flag notes
    (kept,) = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'cramp_entries'").fetchone()
    assert kept == sequence  # a freed id is never handed out again
    entry, _ = store.add(
        7, 99, datetime(2026, 3, 3, tzinfo=UTC), date(2026, 3, 3), "calf", "left", 1
    )
    assert entry.id == sequence + 1
    db.execute("DELETE FROM users WHERE user_id = 7")
    assert db["entry_triggers"].count == 0  # erased with the entries
    db.close()


# -- what is stored is what the store reads back ----------------------------------------


async def test_the_reading_functions_count_the_users_own_answers(
    bot: Driver, alice: FakeUser, bob: FakeUser
) -> None:
    store: DiaryStore = bot.app.bot_data.diary
    for helped in (Helped.A_LOT, Helped.A_LOT, Helped.A_LITTLE, None):
        await log_and_finish(bot, alice)
        entry_id = entries(bot, alice)[-1]["id"]
        store.set_tried(alice.id, entry_id, Tried.STRETCHED, on=True)
        store.set_trigger(alice.id, entry_id, Trigger.EXERCISE, on=True)
        store.set_duration(alice.id, entry_id, Duration.ONE_TO_FIVE)
        if helped is not None:
            store.set_helped(alice.id, entry_id, helped)
    await log_and_finish(bot, bob)
    bob_entry = entries(bot, bob)[0]["id"]
    assert store.set_tried(alice.id, bob_entry, Tried.STRETCHED, on=True) is None
    assert store.set_trigger(alice.id, bob_entry, Trigger.OTHER, on=True) is None
    assert triggers_of(bot, entries(bot, bob)[0]) == set()
    first, last = date(2026, 3, 1), date(2026, 3, 2)
    counts = store.helped_after(alice.id, Tried.STRETCHED, first, last)
    assert (counts.cramps, counts.a_lot, counts.a_little, counts.not_at_all) == (4, 2, 1, 0)
    assert counts.answered == 3
    assert store.helped_after(bob.id, Tried.STRETCHED, first, last).cramps == 0
    assert store.trigger_counts(alice.id, first, last) == {Trigger.EXERCISE: 4}
    assert store.duration_counts(alice.id, first, last) == {Duration.ONE_TO_FIVE: 4}
    assert len(store.between(alice.id, first, last)) == 4
    assert store.between(alice.id, first - timedelta(days=9), first - timedelta(days=1)) == []


# -- typed: the note and the name of a place ----------------------------------------------


async def ask_for(
    bot: Driver, user: FakeUser, view: Recorded, label: str, message: Recorded
) -> Recorded:
    since = bot.mark()
    await bot.press(user, view.button(label)["callback_data"], message)
    return await bot.server.wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == user.id, since=since
    )


async def type_answer(bot: Driver, user: FakeUser, text: str) -> tuple[Recorded, list[Recorded]]:
    """Send a message; returns the bot's reply and the edits it made after it."""
    since = bot.mark()
    reply = await bot.send(user, text)
    await bot.settle()
    edits = [r for r in bot.server.calls("editMessageText", since=since) if not r.error]
    return reply, edits


async def test_a_note_is_typed_and_shown_in_history(bot: Driver, alice: FakeUser) -> None:
    flow, saved = await log_cramp(bot, alice)
    question = await ask_for(bot, alice, saved, "Add a note", flow)
    assert "Send your note" in question.text and "500 characters" in question.text
    assert question.params["reply_markup"]["force_reply"] is True

    reply, [refreshed] = await type_answer(bot, alice, "After a long walk <uphill> & cold")
    assert reply.text == "📝 Note saved."
    assert entries(bot, alice)[0]["note"] == "After a long walk <uphill> & cold"
    assert int(refreshed.params["message_id"]) == flow.message_id
    assert "📝 <i>After a long walk &lt;uphill&gt; &amp; cold</i>" in refreshed.text
    assert {"📝 Change the note", "✖ Remove the note"} <= set(refreshed.button_labels)

    history = await bot.send(alice, "/history")
    assert "📝 <i>After a long walk &lt;uphill&gt; &amp; cold</i>" in history.text

    removed = await tap(bot, alice, refreshed, "Remove the note", flow)
    assert entries(bot, alice)[0]["note"] is None and "📝 Add a note" in removed.button_labels


async def test_a_note_too_long_is_asked_for_again_and_a_command_leaves_it(
    bot: Driver, alice: FakeUser
) -> None:
    flow, saved = await log_cramp(bot, alice)
    await ask_for(bot, alice, saved, "Add a note", flow)
    again, edits = await type_answer(bot, alice, "x" * 501)
    assert "That is 501 characters; I can keep up to 500" in again.text and edits == []
    assert entries(bot, alice)[0]["note"] is None
    _, [edit] = await type_answer(bot, alice, "y" * 500)
    assert entries(bot, alice)[0]["note"] == "y" * 500 and "y" * 500 in edit.text

    changed = await ask_for(bot, alice, edit, "Change the note", flow)
    assert "Send your note" in changed.text
    help_reply, _ = await type_answer(bot, alice, "/help")  # a command: the question is left
    assert "Note saved" not in help_reply.text
    await type_answer(bot, alice, "this is not a note")
    assert entries(bot, alice)[0]["note"] == "y" * 500


async def test_a_note_for_an_entry_edited_from_history(bot: Driver, alice: FakeUser) -> None:
    await log_and_finish(bot, alice)
    listing = await bot.send(alice, "/history")
    edit = await tap(bot, alice, listing, "✏️ 1", listing)
    await ask_for(bot, alice, edit, "Add a note", listing)
    _, [refreshed] = await type_answer(bot, alice, "Woke at 3, stretched, better by 3:10")
    assert int(refreshed.params["message_id"]) == listing.message_id
    assert "Change this entry" in refreshed.text and "Woke at 3" in refreshed.text


async def test_a_note_for_an_entry_undone_meanwhile_is_not_kept(
    bot: Driver, alice: FakeUser
) -> None:
    flow, saved = await log_cramp(bot, alice)
    await ask_for(bot, alice, saved, "Add a note", flow)
    await tap(bot, alice, saved, "Undo", flow)
    reply, edits = await type_answer(bot, alice, "too late")
    assert "not in your diary any more" in reply.text and edits == []
    assert entries(bot, alice) == []


async def test_elsewhere_can_be_named_by_typing(bot: Driver, alice: FakeUser) -> None:
    flow, saved = await log_cramp(bot, alice, "Elsewhere, right", "Mild")
    section = await tap(bot, alice, saved, "Where, how bad", flow)
    question = await ask_for(bot, alice, section, "Name the place", flow)
    assert "Where was it?" in question.text
    reply, [refreshed] = await type_answer(bot, alice, "lower back")
    assert reply.text == "✏️ Place saved." and entries(bot, alice)[0]["place"] == "lower back"
    assert "<b>lower back (right)</b>" in refreshed.text
    history = await bot.send(alice, "/history")
    assert "<b>lower back (right)</b>, mild" in history.text
    moved = await tap(
        bot, alice, await tap(bot, alice, refreshed, "Where, how bad", flow), "Left calf", flow
    )
    assert entries(bot, alice)[0]["place"] is None  # a named place belongs to "elsewhere" only
    assert "Name the place" not in " ".join(moved.button_labels)


# -- the export and the report -------------------------------------------------------------


async def test_the_export_holds_every_new_field(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    set_timezone(bot, alice, "Europe/Berlin")
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    flow, view = await log_cramp(bot, alice, "Elsewhere, left", "Moderate")
    view = await tap(bot, alice, view, "Yesterday", flow)
    view = await tap(bot, alice, view, "Evening", flow)
    view = await tap(bot, alice, await tap(bot, alice, view, "How long", flow), "5-15", flow)
    view = await tap(bot, alice, await tap(bot, alice, view, "Back", flow), "Triggers", flow)
    view = await tap(
        bot, alice, await tap(bot, alice, view, "Exercise", flow), "Long standing", flow
    )
    view = await tap(bot, alice, await tap(bot, alice, view, "Back", flow), "What I did", flow)
    view = await tap(
        bot, alice, await tap(bot, alice, view, "Stretched", flow), "Drank water", flow
    )
    view = await tap(bot, alice, view, "A little", flow)
    view = await tap(bot, alice, await tap(bot, alice, view, "Back", flow), "Where, how bad", flow)
    await ask_for(bot, alice, view, "Name the place", flow)
    _, [main] = await type_answer(bot, alice, "-hand")
    await ask_for(bot, alice, main, "Add a note", flow)
    await type_answer(bot, alice, '=HYPERLINK("http://x","y"), then it eased')
    await log_cramp(bot, alice, "Right calf", "Mild")  # one with nothing added
    since = bot.mark()
    bot.server.inject_message(alice, "/export")
    document = await bot.server.wait_for(lambda r: r.method == "sendDocument", since=since)
    [header, detailed, plain] = list(
        csv.reader(io.StringIO(document.files["document"].decode("utf-8")))
    )
    assert header[4] == "Place (as typed)" and header[8:13] == [
        "How long",
        "Possible triggers",
        "What I did",
        "Did it help",
        "Note",
    ]
    assert detailed == [
        "2026-03-01",
        "evening",
        "Yesterday",
        "Other",
        "'-hand",
        "Left",
        "Moderate",
        "not recorded",
        "5-15 minutes",
        "Exercise or overuse; Long standing",
        "Stretched the muscle; Drank water",
        "A little",
        '\'=HYPERLINK("http://x","y"), then it eased',
        "2026-03-02 10:00",
    ]
    assert plain[7:13] == ["not recorded"] * 6


def seed_details(bot: Driver, user: FakeUser) -> None:
    """Five cramps in the last 30 days with details, and three nights called free (one of
    them with a night cramp after all). Today is 2 March 2026, zone UTC."""
    store: DiaryStore = bot.app.bot_data.diary
    short, stretch, water = Duration.ONE_TO_FIVE, Tried.STRETCHED, Tried.WATER
    rows = [
        (date(2026, 3, 2), short, {stretch}, Helped.A_LOT, "Newest note"),
        (date(2026, 2, 28), short, {stretch}, Helped.A_LOT, None),
        (date(2026, 2, 25), short, {stretch, water}, Helped.A_LITTLE, "Middle note"),
        (date(2026, 2, 20), Duration.LONGER, {water}, None, "Oldest note: судорога"),
        (date(2026, 2, 15), None, set(), None, None),
    ]  # fmt: skip
    for day, duration, tried, helped, note in rows:
        moment = datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)
        entry = seed(bot, user, moment, day)
        if duration is not None:
            store.set_duration(user.id, entry.id, duration)
        for done in tried:
            store.set_tried(user.id, entry.id, done, on=True)
        if helped is not None:
            store.set_helped(user.id, entry.id, helped)
        store.set_note(user.id, entry.id, note)
    night = seed(bot, user, datetime(2026, 2, 10, 3, 0, tzinfo=UTC), date(2026, 2, 10))
    store.set_when(user.id, night.id, WhenKind.NIGHT, night.happened_at, date(2026, 2, 10))
    nights = bot.app.bot_data.nights
    for free in (date(2026, 2, 26), date(2026, 2, 27), date(2026, 2, 10)):
        nights.mark_free(user.id, free, bot.clock.now())


async def test_the_report_shows_duration_what_helped_notes_and_free_nights(
    bot: Driver, alice: FakeUser
) -> None:
    seed_details(bot, alice)
    offer = await bot.send(alice, "/report")
    document = await document_for(bot, alice, offer, "Last 30 days")
    text = text_of(document)
    for expected in (
        "Cramps logged 6",
        "Nights disturbed by cramps 1 of 30",
        "Cramp-free nights confirmed 2",  # the third had a night cramp after all
        "Nights unknown 27 (no cramp logged, and not confirmed free)",
        "Typical duration 1 to 5 minutes (3 of the 4 cramps with a duration given; "
        "6 cramps in all)",
        "What the user did, and whether it helped (their own answers)",
        "Stretched the muscle: 3 times; helped a lot 2, a little 1",
        "Drank water: 2 times; a little 1 (1 without an answer)",
        "The user's notes, newest first",
        "2 Mar 2026: Newest note",
        "20 Feb 2026: Oldest note: судорога",
    ):
        assert expected in text, expected
    assert text.index("Newest note") < text.index("Middle note") < text.index("Oldest note")
    assert "not recorded by this diary" not in text.lower()


async def test_notes_fill_two_pages_at_most(bot: Driver, alice: FakeUser) -> None:
    store: DiaryStore = bot.app.bot_data.diary
    for index in range(300):
        day = date(2026, 3, 2) - timedelta(days=index % 30)
        entry = seed(bot, alice, datetime(day.year, day.month, day.day, 9, tzinfo=UTC), day)
        store.set_note(alice.id, entry.id, f"note {index:03} " + "words " * 60)
    offer = await bot.send(alice, "/report")
    document = await document_for(bot, alice, offer, "Last 30 days")
    assert len(pdf_of(document).pages) == 2
    text = text_of(document)
    assert "note 000" in text and "note 299" not in text
    assert re.search(r"\d+ older notes did not fit; all notes are in /export\.", text)
    assert text.rstrip().endswith("Not medical advice.")


def test_report_bars_mark_only_nights_called_free() -> None:
    span = Span(date(2026, 2, 1), date(2026, 2, 3))
    night = datetime(2026, 2, 2, 3, tzinfo=UTC)
    cramp = Entry(
        1, 1, night, night, date(2026, 2, 2), WhenKind.NIGHT, Muscle.CALF, Side.LEFT, 2, None
    )
    report = figures([cramp], span, ZoneInfo("UTC"), {date(2026, 2, 1), date(2026, 2, 2)})
    assert [bar.cramp_free for bar in report.bars] == [True, False, False]
    assert (report.confirmed_free_nights, report.nights_disturbed, report.nights_unknown) == (
        1,
        1,
        1,
    )


async def test_a_place_name_for_a_cramp_moved_meanwhile_is_not_kept(
    bot: Driver, alice: FakeUser
) -> None:
    flow, saved = await log_cramp(bot, alice, "Elsewhere, both", "Mild")
    section = await tap(bot, alice, saved, "Where, how bad", flow)
    await ask_for(bot, alice, section, "Name the place", flow)
    await tap(bot, alice, section, "Left foot", flow)
    reply, edits = await type_answer(bot, alice, "hand")
    assert "not logged as “elsewhere” any more" in reply.text and edits == []
    assert entries(bot, alice)[0]["place"] is None


async def test_a_user_who_blocked_the_bot_does_not_hold_up_others_notes(
    bot: Driver, alice: FakeUser, bob: FakeUser, clock: FakeClock
) -> None:
    for user in (alice, bob):
        for _ in range(3):
            await log_cramp(bot, user)

    def alice_blocked(method: str, params: dict) -> None:
        if method == "sendMessage" and str(params.get("chat_id")) == str(alice.id):
            raise TelegramFault(403, "Forbidden: bot was blocked by the user")

    bot.server.fault_hooks.append(alice_blocked)
    clock.advance(minutes=2)
    await run_red_flag_job(bot)
    assert notes(bot, alice, 0) == [] and len(notes(bot, bob, 0)) == 1
    assert bot.app.bot_data.diary.left_open(clock.now()) == []  # nothing retried forever


async def test_earlier_today_offers_only_the_parts_of_the_day_begun(
    bot: Driver, alice: FakeUser, clock: FakeClock
) -> None:
    set_timezone(bot, alice, "Europe/Berlin")
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))  # 10:00 in Berlin
    flow, saved = await log_cramp(bot, alice)
    earlier = await tap(bot, alice, saved, "Earlier today", flow)
    assert earlier.button_labels[5:8] == ["🌙 Night", "Morning", "😴 It woke me"]
    entry_id = entries(bot, alice)[0]["id"]
    evening = LogDayPart(entry_id, DayPart.EVENING).encode()
    assert is_expired(await bot.press(alice, evening, flow))
    morning = await tap(bot, alice, earlier, "Morning", flow)
    [row] = entries(bot, alice)
    assert (row["day_part"], row["happened_at"]) == ("morning", "2026-03-02T08:00:00Z")
    assert "earlier today, in the morning" in morning.text


async def test_a_cramp_yesterday_at_night_disturbed_that_night(
    bot: Driver, alice: FakeUser
) -> None:
    flow, saved = await log_cramp(bot, alice)
    yesterday = await tap(bot, alice, saved, "Yesterday", flow)
    await tap(bot, alice, yesterday, "Night", flow)
    since = bot.mark()
    bot.server.inject_message(alice, "/stats")
    await bot.settle()
    stats = " ".join(r.text for r in bot.server.sent_to(alice.id, since))
    assert "Nights disturbed: 1" in stats
