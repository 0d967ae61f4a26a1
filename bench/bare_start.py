"""`python -m bench.bare_start`: the start-up yardstick, a bare python-telegram-bot
application polling the server named by TELEGRAM_API_URL, as its documentation's echo
example starts: build, add a handler, `run_polling`. It imports nothing of our bot.
"""

from __future__ import annotations

import os
from typing import Any

from telegram import Update
from telegram.ext import ApplicationBuilder, MessageHandler, filters


async def _echo(update: Update, context: Any) -> None:
    if update.message is not None and update.message.text is not None:
        await update.message.reply_text(update.message.text)


def main() -> None:
    url = os.environ["TELEGRAM_API_URL"]
    app = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(f"{url}/bot")
        .base_file_url(f"{url}/file/bot")
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, _echo))
    app.run_polling()


if __name__ == "__main__":
    main()
