"""The webhook server refuses a request before reading its body (issue 11, item 19),
and an update posted twice is acted on once (item 9).

PTB's `run_webhook` read a body of up to 100 MB before checking the secret (a 90 MB POST
grew memory by about 80 MB). Each request here announces a large body and sends only
its first bytes: a server that reads the body first never answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sqlite3
from pathlib import Path

import pytest

from bot.core.webhook import MAX_BODY_BYTES
from tests.bot_process import HANG_GUARD, BotProcess, bot_environment
from tests.fake_bot_api import FakeBotApi, FakeUser
from tests.test_webhook_process import SECRET, free_port, post, update

pytestmark = pytest.mark.slow

ADMIN = FakeUser(42, "Admin")  # ADMIN_IDS in bot_environment
ANSWER_WITHIN = 10.0
"""A server that checks before reading answers at once; one that reads first never does."""


async def status_of_a_partly_sent_post(
    port: int, path: str, length: int, secret: str | None
) -> int:
    """POST announcing `length` bytes, send 1 KiB of them, and read the status line."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    secret_line = f"X-Telegram-Bot-Api-Secret-Token: {secret}\r\n" if secret is not None else ""
    writer.write(
        (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {length}\r\n{secret_line}\r\n"
        ).encode()
        + b"{"
        + b" " * 1023
    )
    await writer.drain()
    try:
        status_line = await asyncio.wait_for(reader.readline(), ANSWER_WITHIN)
    except TimeoutError:
        raise AssertionError("the server waited for the body before answering") from None
    finally:
        writer.close()
    return int(status_line.split()[1])


async def test_refusals_come_before_the_body_is_read(server: FakeBotApi, tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/tg/hook"
    db_path = tmp_path / "data" / "bot.sqlite3"
    env = bot_environment(
        server.url,
        db_path,
        WEBHOOK_URL=url,
        WEBHOOK_SECRET=SECRET,
        WEBHOOK_LISTEN="127.0.0.1",
        PORT=str(port),
    )
    alice = FakeUser(1001, "Alice")
    big = 90 * 1024 * 1024
    async with BotProcess(env, tmp_path, "webhook") as bot:
        await bot.serving()
        assert await status_of_a_partly_sent_post(port, "/tg/hook", big, None) == 403
        assert await status_of_a_partly_sent_post(port, "/tg/hook", big, "wrong") == 403
        assert await status_of_a_partly_sent_post(port, "/tg/hook", big, SECRET) == 413
        too_big = MAX_BODY_BYTES + 1
        assert await status_of_a_partly_sent_post(port, "/tg/hook", too_big, SECRET) == 413

        assert await post(url, update(7, alice, "/help"), secret=SECRET) == 200
        reply = await server.wait_for(
            lambda r: r.method == "sendMessage" and r.chat_id == alice.id, within=HANG_GUARD
        )
        assert "/log" in reply.text

        # Item 9 in webhook mode: Telegram posts an update again when our 200 came late.
        addtip = update(8, ADMIN, "/addtip Stretch before bed.")
        addtip["message"]["entities"][0]["length"] = len("/addtip")
        assert await post(url, addtip, secret=SECRET) == 200
        assert await post(url, addtip, secret=SECRET) == 200
        assert await post(url, update(9, ADMIN, "/help"), secret=SECRET) == 200
        await server.wait_until(lambda: len(server.sent_to(ADMIN.id)) == 2, within=HANG_GUARD)
        first, second = server.sent_to(ADMIN.id)
        assert "Added team tip #1" in first.text
        assert "/log" in second.text, "the replay got no reply; the chat's next update did"
        with contextlib.closing(sqlite3.connect(db_path)) as db:
            assert db.execute("SELECT text FROM admin_tips").fetchall() == [
                ("Stretch before bed.",)
            ]
        bot.signal(signal.SIGTERM)
        assert await bot.wait() == 0
    assert "Traceback" not in bot.output, bot.output
