"""Webhook mode as Heroku's `web` process runs it: `python -m bot webhook` on PORT.

A real process, so what is tested includes the wiring from the environment to
the webhook server (listen, port, path, secret), not only the server on its own.
"""

from __future__ import annotations

import signal
import socket
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.bot_process import HANG_GUARD, BotProcess, bot_environment
from tests.fake_bot_api import FakeBotApi, FakeUser

pytestmark = pytest.mark.slow

SECRET = "webhook-S3cret_value"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def update(update_id: int, user: FakeUser, text: str) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": user.id, "type": "private", "first_name": user.first_name},
            "from": user.as_json(),
            "text": text,
            "entities": [{"type": "bot_command", "offset": 0, "length": len(text)}],
        },
    }


async def post(url: str, body: dict[str, Any], secret: str | None) -> int:
    """POST like Telegram does, to a bot that serves (its webhook server listens)."""
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json=body, headers=headers) as response,
    ):
        return response.status


async def test_webhook_takes_updates_only_with_the_secret(
    server: FakeBotApi, tmp_path: Path
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/tg/hook"
    env = bot_environment(
        server.url,
        tmp_path / "data" / "bot.sqlite3",
        WEBHOOK_URL=url,
        WEBHOOK_SECRET=SECRET,
        WEBHOOK_LISTEN="127.0.0.1",
        PORT=str(port),
        LOG_LEVEL="DEBUG",
    )
    alice, mallory, eve = FakeUser(1001, "Alice"), FakeUser(1002), FakeUser(1003)
    async with BotProcess(env, tmp_path, "webhook") as bot:
        await bot.serving()
        (hook,) = server.calls("setWebhook")
        assert hook.params["url"] == url
        assert hook.params["secret_token"] == SECRET

        assert await post(url, update(1, mallory, "/help"), secret=None) == 403
        assert await post(url, update(2, eve, "/help"), secret="wrong-secret") == 403
        assert await post(url, update(3, alice, "/help"), secret=SECRET) == 200
        reply = await server.wait_for(
            lambda r: r.method == "sendMessage" and r.chat_id == alice.id, within=HANG_GUARD
        )
        assert "/log" in reply.text
        assert server.sent_to(mallory.id) == []
        assert server.sent_to(eve.id) == []
        assert not any(r.method == "getUpdates" for r in server.requests)

        bot.signal(signal.SIGTERM)
        assert await bot.wait() == 0
    assert SECRET not in bot.output, "the secret is scrubbed from the logs like the token"
    assert "starting (webhook)" in bot.output


async def test_webhook_command_needs_a_webhook_url(server: FakeBotApi, tmp_path: Path) -> None:
    env = bot_environment(server.url, tmp_path / "data" / "bot.sqlite3")
    async with BotProcess(env, tmp_path, "webhook") as bot:
        assert await bot.wait() == 2
    assert bot.output.strip().startswith("Configuration error: WEBHOOK_URL is not set")
    assert server.requests == []
