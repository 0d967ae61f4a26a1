"""Helpers for the diary tests: log through the buttons, or seed rows through the store."""

from __future__ import annotations

import itertools
from datetime import date, datetime

from bot.core import texts
from bot.diary.store import DiaryStore, Entry
from tests.fake_bot_api import FakeUser, Recorded
from tests.support import Driver

_flow_ids = itertools.count(1_000_000)


async def press_and_edit(bot: Driver, user: FakeUser, data: str, message: Recorded) -> Recorded:
    """Press a button whose handler edits its message; return the edit."""
    since = bot.mark()
    await bot.press(user, data, message)
    return await bot.edit_after(user, since)


async def log_cramp(
    bot: Driver, user: FakeUser, place: str = "Left calf", severity: str = "Severe"
) -> tuple[Recorded, Recorded]:
    """/log, then two taps; returns the flow message and the confirmation edit."""
    flow = await bot.send(user, "/log")
    question = await press_and_edit(bot, user, flow.button(place)["callback_data"], flow)
    confirmation = await press_and_edit(bot, user, question.button(severity)["callback_data"], flow)
    await bot.settle()
    return flow, confirmation


async def log_and_finish(
    bot: Driver, user: FakeUser, place: str = "Left calf", severity: str = "Severe"
) -> Recorded:
    """Log a cramp and tap Done; returns the final edit."""
    flow, confirmation = await log_cramp(bot, user, place, severity)
    return await press_and_edit(bot, user, confirmation.button("Done")["callback_data"], flow)


def entries(bot: Driver, user: FakeUser) -> list[dict]:
    return list(bot.db["cramp_entries"].rows_where("user_id = ?", [user.id], order_by="id"))


def triggers_of(bot: Driver, row: dict) -> set[str]:
    return {r["trigger"] for r in bot.db["entry_triggers"].rows_where("entry_id = ?", [row["id"]])}


def tried_of(bot: Driver, row: dict) -> set[str]:
    return {r["tried"] for r in bot.db["entry_tried"].rows_where("entry_id = ?", [row["id"]])}


def set_timezone(bot: Driver, user: FakeUser, zone: str) -> None:
    bot.app.bot_data.users.ensure(
        user.id, user.id, bot.clock.now(), zone, bot.app.bot_data.config.default_tip_time
    )
    bot.db.execute("UPDATE users SET timezone = ? WHERE user_id = ?", [zone, user.id])


def seed(
    bot: Driver,
    user: FakeUser,
    at: datetime,
    local_day: date,
    muscle: str = "calf",
    side: str = "left",
    severity: int = 2,
) -> Entry:
    """An entry as the logging flow would save it, without the taps."""
    store: DiaryStore = bot.app.bot_data.diary
    if bot.app.bot_data.users.get(user.id) is None:
        set_timezone(bot, user, "UTC")
    entry, created = store.add(user.id, next(_flow_ids), at, local_day, muscle, side, severity)
    assert created
    return entry


def is_expired(answer: Recorded) -> bool:
    return answer.params.get("text") == texts.BUTTON_EXPIRED and answer.params.get(
        "show_alert"
    ) in (True, "true")
