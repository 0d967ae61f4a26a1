"""Stop, start, the diary is still there: what a container restart on a volume must do,
shown without Docker. The database path is the only state; the process is disposable."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from bot.diary import texts
from bot.diary.buttons import LogSeverity
from tests.bot_process import BotProcess, bot_environment
from tests.fake_bot_api import FakeBotApi, FakeUser

ALICE = FakeUser(1001, "Alice")


@pytest.mark.slow
async def test_a_logged_cramp_survives_a_stop_and_a_start(
    server: FakeBotApi, tmp_path: Path
) -> None:
    env = bot_environment(server.url, tmp_path / "volume" / "bot.sqlite3")
    async with BotProcess(env, tmp_path / "first") as first:
        since = len(server.requests)
        server.inject_message(ALICE, "/log")
        flow = await server.wait_for(
            lambda r: r.method == "sendMessage" and r.chat_id == ALICE.id, since, within=20
        )
        query = server.inject_callback(
            ALICE, LogSeverity("calf", "left", "severe").encode(), flow.message_id
        )
        answer = await server.wait_for(
            lambda r: r.method == "answerCallbackQuery" and r.params["callback_query_id"] == query
        )
        assert answer.params["text"] == texts.LOG_SAVED_TOAST
        first.signal(signal.SIGTERM)
        assert await first.wait() == 0

    async with BotProcess(env, tmp_path / "second") as second:
        since = len(server.requests)
        server.inject_message(ALICE, "/history")
        history = await server.wait_for(
            lambda r: r.method == "sendMessage" and r.chat_id == ALICE.id, since, within=20
        )
        second.signal(signal.SIGTERM)
        assert await second.wait() == 0
    assert ": 1 entry, page 1 of 1" in history.text
    assert "1. " in history.text and "Left calf</b>, severe" in history.text
