"""The yardstick for the daily-tip send path: a bare python-telegram-bot loop.

It sends the same message (text, keyboard, HTML, no link preview) with the same number
of sends in flight as our bot (`bot.core.sending.DEFAULT_CONCURRENCY`), one chat after
another, and nothing else: no choice, no rendering, no claim, no record. It runs in a
process of its own and imports nothing of our bot, so its figures are the library's alone.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from typing import Any

from telegram import InlineKeyboardMarkup, LinkPreviewOptions
from telegram.ext import ApplicationBuilder

from bench.bot_process import TOKEN

CONCURRENCY = 4
"""As many sends in flight as our bot's bulk sender."""


async def _loop(url: str, first_chat: int, count: int, text: str, markup: dict[str, Any]) -> float:
    app = ApplicationBuilder().token(TOKEN).base_url(f"{url}/bot").build()
    keyboard = InlineKeyboardMarkup.de_json(markup, None)
    no_preview = LinkPreviewOptions(is_disabled=True)
    chats: Iterator[int] = iter(range(first_chat, first_chat + count))
    async with app.bot as bot:

        async def worker() -> None:
            for chat in chats:
                await bot.send_message(
                    chat,
                    text,
                    parse_mode="HTML",
                    reply_markup=keyboard,
                    link_preview_options=no_preview,
                )

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
        return count / (time.perf_counter() - started)


def send_loop(url: str, first_chat: int, count: int, text: str, markup: dict[str, Any]) -> float:
    """Messages per second of `CONCURRENCY` workers sending one message after another."""
    return asyncio.run(_loop(url, first_chat, count, text, markup))
