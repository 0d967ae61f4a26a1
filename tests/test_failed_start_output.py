"""A start that Telegram refuses, or that cannot reach it, prints one line (issue 11, item 13).

python-telegram-bot logs such a failure with its traceback (48 and 105 lines) before
`python -m bot` turns the error into its own line; the traceback is shown at DEBUG only.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core import console
from tests.bot_process import BotProcess, bot_environment
from tests.fake_bot_api import FakeBotApi, TelegramFault

pytestmark = pytest.mark.slow


def refuse_the_token(server: FakeBotApi) -> None:
    def refuse(method: str, params: dict) -> None:
        raise TelegramFault(401, "Unauthorized")

    server.fault_hooks.append(refuse)


async def test_a_refused_token_prints_only_our_line(server: FakeBotApi, tmp_path: Path) -> None:
    refuse_the_token(server)
    env = bot_environment(server.url, tmp_path / "bot.sqlite3")
    async with BotProcess(env, tmp_path) as bot:
        assert await bot.wait() == 2
    assert bot.output.strip().splitlines() == [console.TOKEN_REJECTED]


async def test_an_unreachable_api_prints_only_our_line(tmp_path: Path) -> None:
    env = bot_environment("http://127.0.0.1:9", tmp_path / "bot.sqlite3")
    async with BotProcess(env, tmp_path) as bot:
        assert await bot.wait() == 2
    (line,) = bot.output.strip().splitlines()
    assert line.startswith("Cannot start: the Bot API at http://127.0.0.1:9 did not answer")


async def test_debug_still_shows_the_traceback(server: FakeBotApi, tmp_path: Path) -> None:
    refuse_the_token(server)
    env = bot_environment(server.url, tmp_path / "bot.sqlite3", LOG_LEVEL="DEBUG")
    async with BotProcess(env, tmp_path) as bot:
        assert await bot.wait() == 2
    lines = bot.output.strip().splitlines()
    assert "Traceback (most recent call last):" in lines
    assert lines[-1] == console.TOKEN_REJECTED
