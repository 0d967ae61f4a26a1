"""/broadcast over real HTTP: preview, confirm, cancel, refusals, counts, resume."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import pytest

from bot.admin import texts as admin_texts
from bot.admin.buttons import CancelBroadcast, ConfirmBroadcast
from bot.config import Config
from bot.core import texts as core_texts
from tests.admin_support import (
    ADA,
    GRACE,
    crowd,
    finish_broadcasts,
    preview,
    received,
    run_pick_up_job,
    subscribe,
)
from tests.fake_bot_api import FakeBotApi, FakeUser, TelegramFault
from tests.support import Driver, FakeClock, running_bot


async def test_preview_confirm_sends_everyone_exactly_once(bot: Driver) -> None:
    users = crowd(5)
    await subscribe(bot, users)
    shown = await preview(bot, ADA, "/broadcast Clinic hours change on Monday.")
    assert shown.params["text"] == "Clinic hours change on Monday."
    assert shown.button_labels == ["✅ Send to 5 subscribers", "✖️ Cancel"]
    assert all(received(bot, user, shown.params["text"]) == 0 for user in users)

    since = bot.mark()
    answer = await bot.press(ADA, shown.button("Send")["callback_data"], shown)
    assert answer.params["text"] == admin_texts.BROADCAST_CONFIRMED
    status = await bot.server.wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == ADA.id, since=since
    )
    assert status.text == "📣 Broadcast #1: starting…"
    await finish_broadcasts(bot)

    assert [received(bot, user, "Clinic hours change on Monday.") for user in users] == [1] * 5
    assert bot.server.messages[(ADA.id, shown.message_id)].get("reply_markup") is None
    report = bot.server.messages[(ADA.id, status.message_id)]["text"]
    assert "Broadcast #1: finished" in report
    assert "Recipients: 5\nSent: 5\nBlocked: 0\nFailed: 0" in report
    assert {row["status"] for row in bot.db["broadcast_recipients"].rows} == {"sent"}
    assert bot.db["broadcasts"].get(1)["status"] == "done"

    again = await bot.press(ADA, shown.button("Send")["callback_data"], shown)
    assert again.params["text"] == admin_texts.BROADCAST_STALE
    await finish_broadcasts(bot)
    await bot.settle()
    assert [received(bot, user, "Clinic hours change on Monday.") for user in users] == [1] * 5


async def test_double_tap_on_confirm_queues_once(bot: Driver) -> None:
    users = crowd(3)
    await subscribe(bot, users)
    shown = await preview(bot, GRACE, "/broadcast Twice?")
    data = shown.button("Send")["callback_data"]
    first, second = (bot.server.inject_callback(GRACE, data, shown.message_id) for _ in range(2))
    await bot.settle()
    await finish_broadcasts(bot)
    answers = {
        r.params["callback_query_id"]: r.params.get("text")
        for r in bot.server.calls("answerCallbackQuery")
    }
    assert answers == {first: admin_texts.BROADCAST_CONFIRMED, second: admin_texts.BROADCAST_STALE}
    assert [received(bot, user, "Twice?") for user in users] == [1, 1, 1]
    assert bot.db["broadcasts"].count == 1


async def test_cancel_sends_nothing(bot: Driver) -> None:
    users = crowd(2)
    await subscribe(bot, users)
    shown = await preview(bot, ADA, "/broadcast Never mind")
    answer = await bot.press(ADA, shown.button("Cancel")["callback_data"], shown)
    assert answer.params["text"] == admin_texts.BROADCAST_CANCELLED
    await bot.settle()
    assert (
        bot.server.messages[(ADA.id, shown.message_id)]["text"] == admin_texts.BROADCAST_CANCELLED
    )

    late = await bot.press(ADA, ConfirmBroadcast(1).encode(), shown)
    assert late.params["text"] == admin_texts.BROADCAST_STALE
    await bot.settle()
    await finish_broadcasts(bot)
    assert [received(bot, user, "Never mind") for user in users] == [0, 0]
    assert bot.db["broadcasts"].get(1)["status"] == "cancelled"
    assert bot.db["broadcast_recipients"].count == 0


async def test_non_admin_is_refused_by_command_and_by_forged_buttons(
    bot: Driver, alice: FakeUser, caplog: pytest.LogCaptureFixture
) -> None:
    users = crowd(2)
    await subscribe(bot, [*users, alice])
    with caplog.at_level(logging.WARNING):
        reply = await bot.send(alice, "/broadcast Free pizza!")
        assert reply.text == admin_texts.ADMIN_ONLY
        assert bot.db["broadcasts"].count == 0

        shown = await preview(bot, ADA, "/broadcast Real news")
        for forged in (ConfirmBroadcast(1).encode(), CancelBroadcast(1).encode()):
            answer = await bot.press(alice, forged, shown.message_id)
            assert answer.params["text"] == core_texts.BUTTON_EXPIRED
        await bot.settle()
    await finish_broadcasts(bot)
    assert bot.db["broadcasts"].get(1)["status"] == "draft"
    assert all(received(bot, user, "Real news") == 0 for user in [*users, alice])
    assert all(received(bot, user, "Free pizza!") == 0 for user in users)
    refusals = [r.getMessage() for r in caplog.records if "refused admin action" in r.message]
    assert len(refusals) == 3 and all(f"user {alice.id}" in line for line in refusals)

    await bot.press(ADA, ConfirmBroadcast(1).encode(), shown)  # the real admin still can
    await finish_broadcasts(bot)
    assert all(received(bot, user, "Real news") == 1 for user in [*users, alice])


async def test_blocked_gone_and_failing_chats_are_counted(bot: Driver) -> None:
    users = crowd(5)
    await subscribe(bot, users)
    blocked, gone, broken = users[1], users[2], users[3]
    bot.server.blocked_chats.add(blocked.id)

    def faults(method: str, params: dict) -> None:
        chat_id = int(params.get("chat_id") or 0)
        if method == "sendMessage" and chat_id == gone.id:
            raise TelegramFault(400, "Bad Request: chat not found")
        if method == "sendMessage" and chat_id == broken.id:
            raise TelegramFault(400, "Bad Request: message is too long")

    bot.server.fault_hooks.append(faults)
    shown = await preview(bot, ADA, "/broadcast Counting")
    await bot.press(ADA, shown.button("Send")["callback_data"], shown)
    await finish_broadcasts(bot)

    assert [received(bot, user, "Counting") for user in users] == [1, 0, 0, 0, 1]
    report = bot.db["broadcasts"].get(1)
    assert (report["sent"], report["blocked"], report["failed"]) == (2, 2, 1)
    for user in (blocked, gone):
        row = bot.db["users"].get(user.id)
        assert row["blocked_at"] is not None and row["subscribed"] == 0
    assert bot.db["users"].get(broken.id)["subscribed"] == 1

    stats = core_texts.plain((await bot.send(ADA, "/admin")).text)
    assert "Subscribers: 3" in stats and "Blocked the bot: 2" in stats
    assert "Sent: 2\nBlocked: 2\nFailed: 1" in stats


@pytest.fixture
async def unpaced(config: Config, server: FakeBotApi, clock: FakeClock) -> AsyncIterator[Driver]:
    """For tests that message a chat twice: pacing would hold the second for a real second."""
    async with running_bot(
        config.model_copy(update={"bulk_messages_per_second": 0}), server, clock
    ) as bot:
        yield bot


async def test_second_broadcast_waits_for_the_first(unpaced: Driver) -> None:
    bot = unpaced
    users = crowd(3)
    await subscribe(bot, users)
    bot.app.bot_data.broadcasts.queue("From the shell", "shell:ops", bot.clock.now())
    shown = await preview(bot, ADA, "/broadcast From Telegram")
    since = bot.mark()
    await bot.press(ADA, shown.button("Send")["callback_data"], shown)
    status = await bot.server.wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == ADA.id, since=since
    )
    assert status.text == admin_texts.broadcast_queued(2, 1)
    assert "queued behind 1 other broadcast" in status.text
    await finish_broadcasts(bot)
    for user in users:
        texts_in_order = [r.params["text"] for r in bot.server.sent_to(user.id)]
        assert texts_in_order[-2:] == ["From the shell", "From Telegram"]
    assert [row["status"] for row in bot.db["broadcasts"].rows] == ["done", "done"]


async def test_reply_to_a_message_keeps_its_formatting(bot: Driver) -> None:
    await subscribe(bot, crowd(1))
    original = {
        "message_id": 77,
        "date": 0,
        "chat": {"id": ADA.id, "type": "private"},
        "text": "New tip: stretch 🦵 before bed",
        "entities": [
            {"type": "bold", "offset": 0, "length": 8},
            {"type": "italic", "offset": 9, "length": 7},
        ],
    }
    since = bot.mark()
    bot.server.inject_message(ADA, "/broadcast", reply_to_message=original)
    shown = await bot.server.wait_for(
        lambda r: r.method == "sendMessage" and bool(r.buttons), since=since
    )
    assert shown.params["text"] == "<b>New tip:</b> <i>stretch</i> 🦵 before bed"
    assert shown.params["parse_mode"] == "HTML"

    since = bot.mark()
    typed = "/broadcast 🦵 <b> is literal, this is bold"
    bold_at = len(typed[: typed.index("bold")].encode("utf-16-le")) // 2  # Telegram's offsets
    bot.server.inject_message(
        ADA,
        typed,
        entities=[
            {"type": "bot_command", "offset": 0, "length": 10},
            {"type": "bold", "offset": bold_at, "length": 4},
        ],
    )
    shown = await bot.server.wait_for(
        lambda r: r.method == "sendMessage" and bool(r.buttons), since=since
    )
    assert shown.params["text"] == "🦵 &lt;b&gt; is literal, this is <b>bold</b>"


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/broadcast", admin_texts.broadcast_usage(4096)),
        ("/broadcast    ", admin_texts.broadcast_usage(4096)),
        ("/broadcast " + "x" * 4097, admin_texts.too_long("message", 4097, 4096)),
    ],
)
async def test_empty_or_over_long_broadcast_names_the_limit(
    bot: Driver, command: str, expected: str
) -> None:
    await subscribe(bot, crowd(1))
    reply = await bot.send(ADA, command)
    assert reply.params["text"] == expected
    assert "4096" in reply.text
    assert bot.db["broadcasts"].count == 0


async def test_broadcast_needs_text_and_subscribers(bot: Driver) -> None:
    reply = await bot.send(ADA, "/broadcast Anyone there?")
    assert reply.text == admin_texts.BROADCAST_NO_SUBSCRIBERS
    await subscribe(bot, crowd(1))
    photo = {"message_id": 5, "date": 0, "chat": {"id": ADA.id, "type": "private"}, "photo": []}
    since = bot.mark()
    bot.server.inject_message(ADA, "/broadcast", reply_to_message=photo)
    reply = await bot.server.wait_for(lambda r: r.method == "sendMessage", since=since)
    assert reply.text == admin_texts.BROADCAST_NOT_TEXT
    assert bot.db["broadcasts"].count == 0


async def test_stale_and_expired_previews_are_refused(bot: Driver) -> None:
    users = crowd(2)
    await subscribe(bot, users)
    old = await preview(bot, ADA, "/broadcast First draft")
    new = await preview(bot, ADA, "/broadcast Second draft")
    answer = await bot.press(ADA, old.button("Send")["callback_data"], old)
    assert answer.params["text"] == admin_texts.BROADCAST_STALE

    bot.clock.advance(hours=2)
    answer = await bot.press(ADA, new.button("Send")["callback_data"], new)
    assert answer.params["text"] == admin_texts.BROADCAST_EXPIRED
    await bot.settle()
    await finish_broadcasts(bot)
    assert [row["status"] for row in bot.db["broadcasts"].rows] == ["cancelled", "cancelled"]
    assert all(
        received(bot, user, "First draft") + received(bot, user, "Second draft") == 0
        for user in users
    )


async def test_status_message_shows_progress_every_few_seconds(bot: Driver) -> None:
    users = crowd(6)
    await subscribe(bot, users)

    def two_seconds_per_message(method: str, params: dict) -> None:
        if method == "sendMessage" and int(params["chat_id"]) in {u.id for u in users}:
            bot.clock.advance(seconds=2)

    shown = await preview(bot, ADA, "/broadcast Slowly")
    bot.server.fault_hooks.append(two_seconds_per_message)
    await bot.press(ADA, shown.button("Send")["callback_data"], shown)
    await finish_broadcasts(bot)
    edits = [r.text for r in bot.server.calls("editMessageText", ADA.id)]
    assert any("sending" in text and "Remaining: " in text for text in edits)
    assert "finished in" in edits[-1] and "Sent: 6" in edits[-1]


async def test_resume_after_a_crash_mid_broadcast(
    config: Config, server: FakeBotApi, clock: FakeClock
) -> None:
    """The process dies the moment Telegram receives the third message.

    That recipient has the message but the bot never learnt it: it must not get a
    second copy, and everyone else must get exactly one after the restart.
    """
    users = crowd(6)
    crash_at = users[2].id

    def crash(method: str, params: dict) -> None:
        if method == "sendMessage" and int(params["chat_id"]) == crash_at:
            for task in asyncio.all_tasks():
                if task.get_name() == "broadcasts":
                    task.cancel()

    async with running_bot(config, server, clock) as bot:
        await subscribe(bot, users)
        shown = await preview(bot, ADA, "/broadcast Survives a crash")
        server.fault_hooks.append(crash)
        await bot.press(ADA, shown.button("Send")["callback_data"], shown)
        with contextlib.suppress(asyncio.CancelledError):
            await finish_broadcasts(bot)
        server.fault_hooks.remove(crash)
        statuses = {row["user_id"]: row["status"] for row in bot.db["broadcast_recipients"].rows}
        assert statuses[crash_at] == "sending"
        # Recipients still waiting for a rate slot had not been claimed.
        assert [statuses[user.id] for user in users[3:]] == ["pending"] * 3
        assert bot.db["broadcasts"].get(1)["status"] == "running"
        before = [received(bot, user, "Survives a crash") for user in users]
        assert 0 < sum(before) < len(users)

    async with running_bot(config, server, clock) as bot:
        await run_pick_up_job(bot.app)
        counts = [received(bot, user, "Survives a crash") for user in users]
        assert counts == [1] * len(users)
        row = bot.db["broadcasts"].get(1)
        assert (row["status"], row["sent"], row["unknown"]) == ("done", len(users) - 1, 1)
        assert bot.db["broadcast_recipients"].get((1, crash_at))["status"] == "unknown"
        report = bot.server.messages[(ADA.id, row["status_message_id"])]["text"]
        assert "Unconfirmed (not resent): 1" in report


async def test_flood_control_that_outlasts_the_retries_is_tried_again_later(
    unpaced: Driver, clock: FakeClock
) -> None:
    bot = unpaced
    users = crowd(3)
    await subscribe(bot, users)
    refusals = iter(range(5))

    def flood(method: str, params: dict) -> None:
        refused = method == "sendMessage" and int(params["chat_id"]) == users[1].id
        if refused and next(refusals, None) is not None:
            raise TelegramFault(429, "Too Many Requests: retry after 5", retry_after=5)

    bot.server.fault_hooks.append(flood)
    shown = await preview(bot, ADA, "/broadcast Later is fine")
    await bot.press(ADA, shown.button("Send")["callback_data"], shown)
    await finish_broadcasts(bot)
    assert [received(bot, user, "Later is fine") for user in users] == [1, 1, 1]
    assert bot.db["broadcasts"].get(1)["sent"] == 3
    assert 30.0 in clock.slept  # the pause between passes
