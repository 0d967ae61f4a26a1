"""/forget while that user's daily tip or broadcast copy is on the wire (issue 11, item 10).

The fake server's fault hook erases the user, as /forget's confirmation does, at the
moment the request reaches Telegram: the send then comes back for a user who is gone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import pytest

from bot.admin.broadcast_store import BroadcastStore, Counts
from bot.core.database import open_database
from bot.core.users import UserStore
from tests.admin_support import ADA, crowd, finish_broadcasts, preview, received, subscribe
from tests.daily_support import TIP_HEADER, run_job, tips_to, utc
from tests.daily_support import subscribe as subscribe_daily
from tests.fake_bot_api import FakeUser
from tests.support import Driver, FakeClock

Hook = Callable[[str, dict[str, Any]], None]
NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


def forget_on_send(bot: Driver, to: FakeUser, text: str, who: FakeUser | None = None) -> Hook:
    """Erase `who` (the recipient by default) when a message with `text` goes to `to`."""

    def hook(method: str, params: dict[str, Any]) -> None:
        if (
            method == "sendMessage"
            and int(params["chat_id"]) == to.id
            and text in params.get("text", "")
        ):
            bot.app.bot_data.users.forget((who or to).id)

    return hook


def errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]


async def test_forget_while_the_daily_tip_is_on_the_wire_is_quiet(
    bot: Driver, clock: FakeClock, alice: FakeUser, bob: FakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    for user in (alice, bob):
        await subscribe_daily(bot, user, "Europe/Berlin", "11:00")
    bot.server.fault_hooks.append(forget_on_send(bot, alice, TIP_HEADER))
    clock.set(utc(2026, 3, 2, 10))
    with caplog.at_level(logging.INFO):
        await run_job(bot)
    assert errors(caplog) == []
    assert len(tips_to(bot, alice)) == 1 and len(tips_to(bot, bob)) == 1
    for table in ("users", "deliveries", "tip_rotation"):
        assert bot.db[table].count_where("user_id = ?", [alice.id]) == 0
    assert bot.db["tip_rotation"].count == 1  # bob's


async def test_forget_after_the_run_read_the_user_and_before_their_turn_is_quiet(
    bot: Driver, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    """The run reads a page of users at once; two of them use /forget before their turn
    (when the first tip reaches Telegram, the other senders have taken the first four)."""
    users = [FakeUser(1001 + n, f"User {n}") for n in range(6)]
    for user in users:
        await subscribe_daily(bot, user, "Europe/Berlin", "11:00")
    gone = users[-2:]

    def forget_on_first_send(method: str, params: dict[str, Any]) -> None:
        if method == "sendMessage" and TIP_HEADER in params.get("text", ""):
            for user in gone:
                bot.app.bot_data.users.forget(user.id)

    bot.server.fault_hooks.append(forget_on_first_send)
    clock.set(utc(2026, 3, 2, 10))
    with caplog.at_level(logging.INFO):
        await run_job(bot)
    assert errors(caplog) == []
    assert [len(tips_to(bot, user)) for user in users] == [1, 1, 1, 1, 0, 0]
    assert any("forgotten meanwhile 2" in record.getMessage() for record in caplog.records)


async def test_forget_during_a_broadcast_keeps_the_report_s_counts_whole(
    bot: Driver, caplog: pytest.LogCaptureFixture
) -> None:
    users = crowd(4)
    await subscribe(bot, users)
    text = "Clinic closed on Friday."
    # users[1] forgets while their own copy is on the wire; users[0], who already has
    # theirs, forgets while users[2]'s is; users[3] gets theirs as usual.
    bot.server.fault_hooks.append(forget_on_send(bot, users[1], text))
    bot.server.fault_hooks.append(forget_on_send(bot, users[2], text, who=users[0]))
    shown = await preview(bot, ADA, f"/broadcast {text}")
    since = bot.mark()
    with caplog.at_level(logging.INFO):
        await bot.press(ADA, shown.button("Send")["callback_data"], shown)
        status = await bot.server.wait_for(
            lambda r: r.method == "sendMessage" and r.chat_id == ADA.id, since=since
        )
        await finish_broadcasts(bot)
    assert errors(caplog) == []
    assert [received(bot, user, text) for user in users] == [1, 1, 1, 1]
    report = bot.server.messages[(ADA.id, status.message_id)]["text"]
    assert "Recipients: 4\nSent: 4\nBlocked: 0\nFailed: 0" in report
    assert bot.db["broadcasts"].get(1)["sent"] == 4


def test_a_crash_with_a_forgotten_recipient_on_the_wire_counts_them_unconfirmed(
    tmp_path: Path,
) -> None:
    db = open_database(tmp_path / "bot.sqlite3")
    users = UserStore(db)
    for user_id in (1, 2):
        users.ensure(user_id, user_id, NOW, "UTC", time(8))
        users.subscribe(user_id)
    store = BroadcastStore(db)
    broadcast_id = store.queue("Hello", "admin 42", NOW)
    assert store.start(broadcast_id, NOW)
    assert store.list_recipients(broadcast_id, NOW) == 2
    assert store.claim(broadcast_id, 1, NOW)
    users.forget(1)  # on the wire when the process dies
    assert store.recover(broadcast_id, NOW) == 1
    store.claim(broadcast_id, 2, NOW)
    store.settle(broadcast_id, 2, "sent", NOW, None)
    assert store.finish(broadcast_id, NOW) == Counts(total=2, sent=1, unknown=1)
