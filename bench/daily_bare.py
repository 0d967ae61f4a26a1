"""The yardstick for the daily-tip send path: a bare python-telegram-bot loop.

It runs in a process of its own and imports nothing of our bot, so its figures are
the library's alone.
"""

from __future__ import annotations

import asyncio
import time

from telegram.ext import ApplicationBuilder

from bench.bot_process import TOKEN


async def _loop(url: str, first_chat: int, count: int, text: str) -> float:
    app = ApplicationBuilder().token(TOKEN).base_url(f"{url}/bot").build()
    async with app.bot as bot:
        started = time.perf_counter()
        for chat in range(first_chat, first_chat + count):
            await bot.send_message(chat, text, parse_mode="HTML")
        return count / (time.perf_counter() - started)


def send_loop(url: str, first_chat: int, count: int, text: str) -> float:
    """Messages per second of one `send_message` after another."""
    return asyncio.run(_loop(url, first_chat, count, text))
