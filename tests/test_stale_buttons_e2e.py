"""Old buttons in the chat never act on a newer entry (issue 11, item 1).

Entry ids are never handed out twice, and a button acts only on the entry saved on the
flow message it sits on: after Undo, Cancel, /forget or a restore, it answers "expired".
"""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from bot.config import Config
from bot.core.backup import take_backup
from bot.core.database import open_database
from bot.core.migrations import MIGRATIONS
from bot.diary.buttons import LogSeverity
from bot.diary.store import DiaryStore
from tests.diary_support import entries, is_expired, log_cramp, press_and_edit
from tests.fake_bot_api import FakeBotApi, FakeUser, Recorded
from tests.support import Driver, FakeClock, running_bot

REFINEMENTS = ("Undo", "During the night", "It woke me", "Triggers", "How long", "Done")


async def assert_all_expired(bot: Driver, user: FakeUser, flow: Recorded, old: Recorded) -> None:
    """Every button of the old confirmation is refused, and no message is edited."""
    since = bot.mark()
    for label in REFINEMENTS:
        answer = await bot.press(user, old.button(label)["callback_data"], flow)
        assert is_expired(answer), label
    await bot.settle()
    assert bot.server.calls("editMessageText", since=since) == []


async def test_buttons_of_an_undone_entry_do_not_reach_the_next_one(
    bot: Driver, alice: FakeUser
) -> None:
    first_flow, first = await log_cramp(bot, alice, "Left calf", "Mild")
    [undone] = entries(bot, alice)
    await press_and_edit(bot, alice, first.button("Undo")["callback_data"], first_flow)
    await log_cramp(bot, alice, "Right foot", "Severe")
    [second] = entries(bot, alice)
    assert second["id"] > undone["id"]

    await assert_all_expired(bot, alice, first_flow, first)
    assert entries(bot, alice) == [second]


async def test_buttons_from_before_forget_do_not_reach_new_entries(
    bot: Driver, alice: FakeUser
) -> None:
    await bot.send(alice, "/start")
    old_flow, old = await log_cramp(bot, alice, "Left calf", "Mild")
    [forgotten] = entries(bot, alice)
    confirm = await bot.send(alice, "/forget")
    await press_and_edit(bot, alice, confirm.button("Yes")["callback_data"], confirm)
    await bot.send(alice, "/start")
    await log_cramp(bot, alice, "Right foot", "Severe")
    [fresh] = entries(bot, alice)
    assert fresh["id"] > forgotten["id"]

    await assert_all_expired(bot, alice, old_flow, old)
    severity = await bot.press(alice, LogSeverity("calf", "left", "mild").encode(), old_flow)
    assert is_expired(severity)
    assert entries(bot, alice) == [fresh]


async def test_a_severity_tap_after_cancel_saves_nothing(bot: Driver, alice: FakeUser) -> None:
    flow = await bot.send(alice, "/log")
    question = await press_and_edit(bot, alice, flow.button("Left calf")["callback_data"], flow)
    severe = question.button("Severe")["callback_data"]
    await press_and_edit(bot, alice, question.button("Back")["callback_data"], flow)
    await press_and_edit(bot, alice, flow.button("Cancel")["callback_data"], flow)

    answer = await bot.press(alice, severe, flow)
    assert is_expired(answer)
    assert entries(bot, alice) == []


async def test_a_severity_tap_after_undo_saves_nothing(bot: Driver, alice: FakeUser) -> None:
    flow = await bot.send(alice, "/log")
    question = await press_and_edit(bot, alice, flow.button("Left calf")["callback_data"], flow)
    severe = question.button("Severe")["callback_data"]
    saved = await press_and_edit(bot, alice, severe, flow)
    await press_and_edit(bot, alice, saved.button("Undo")["callback_data"], flow)

    answer = await bot.press(alice, severe, flow)
    assert is_expired(answer)
    assert entries(bot, alice) == []


async def test_a_severity_tap_on_a_replaced_flow_saves_nothing(
    bot: Driver, alice: FakeUser
) -> None:
    flow = await bot.send(alice, "/log")
    question = await press_and_edit(bot, alice, flow.button("Left calf")["callback_data"], flow)
    await bot.send(alice, "/log")  # a newer flow retires this one

    answer = await bot.press(alice, question.button("Severe")["callback_data"], flow)
    assert is_expired(answer)
    assert entries(bot, alice) == []


def _rows(path: Path) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT id, user_id, flow_message_id FROM cramp_entries").fetchall()


def test_the_upgrade_keeps_every_entry_and_never_reuses_an_id(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        MIGRATIONS.apply(Database(conn), stop_before="m020a_cramp_entry_ids_never_reused")
        conn.execute(
            "INSERT INTO users (user_id, chat_id, first_seen, subscribed, timezone, tip_time) "
            "VALUES (7, 7, '2026-03-01T00:00:00Z', 0, 'UTC', '08:00')"
        )
        for entry_id in (1, 2, 3):
            conn.execute(
                "INSERT INTO cramp_entries (id, user_id, logged_at, happened_at, local_date, "
                "muscle, side, severity, flow_message_id) VALUES "
                "(?, 7, '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z', '2026-03-01', "
                "'calf', 'left', 2, ?)",
                [entry_id, 100 + entry_id],
            )
        conn.execute("DELETE FROM cramp_entries WHERE id = 3")  # an Undo of the newest
    before = _rows(path)

    db = open_database(path)
    assert _rows(path) == before
    store = DiaryStore(db)
    now, day = FakeClock().now(), date(2026, 3, 2)
    entry, _ = store.add(7, 200, now, day, "calf", "left", 1)
    assert entry.id > 3
    store.delete(7, entry.id)
    again, _ = store.add(7, 201, now, day, "foot", "left", 1)
    assert again.id > entry.id
    db.close()


async def test_a_restored_copy_never_hands_out_an_id_used_after_the_snapshot(
    config: Config, server: FakeBotApi, clock: FakeClock, alice: FakeUser, tmp_path: Path
) -> None:
    copy = tmp_path / "backup.sqlite3"
    async with running_bot(config, server, clock) as bot:
        await log_cramp(bot, alice)
        take_backup(config.database_path, copy, clock)
        after_flow, after = await log_cramp(bot, alice, "Right foot", "Mild")
        lost = max(row["id"] for row in entries(bot, alice))

    restored = config.model_copy(update={"database_path": copy})
    async with running_bot(restored, server, clock) as bot:
        await log_cramp(bot, alice, "Left thigh", "Severe")
        newest = max(row["id"] for row in entries(bot, alice))
        assert newest > lost
        before = entries(bot, alice)
        await assert_all_expired(bot, alice, after_flow, after)
        assert entries(bot, alice) == before
