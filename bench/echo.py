"""The yardstick: a bare python-telegram-bot echo `Application`.

It makes the same Bot API calls per update as our bot (a reply per message; an
answer and an edit per button press) and nothing else, so comparing the two
measures what our own code costs on top of the library.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, MessageHandler
from telegram.ext import filters as flt

from bench.bot_process import TOKEN, AnyApplication


async def _echo(update: Update, context: Any) -> None:
    if update.message is not None and update.message.text is not None:
        await update.message.reply_text(update.message.text)


async def _pressed(update: Update, context: Any) -> None:
    query = update.callback_query
    if query is None:
        return
    await query.answer()
    # The query id makes every edit differ, so Telegram never refuses it as unmodified.
    await query.edit_message_text(f"{query.data} #{query.id}")


def build_echo_bot(url: str, workdir: Path) -> AnyApplication:
    app = ApplicationBuilder().token(TOKEN).base_url(f"{url}/bot").build()
    app.add_handler(MessageHandler(flt.TEXT, _echo))
    app.add_handler(CallbackQueryHandler(_pressed))
    return app
