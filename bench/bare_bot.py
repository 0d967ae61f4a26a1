"""The yardstick: a bare python-telegram-bot `Application` that answers like ours.

It answers the same updates with the same texts, keyboards and edits as our bot (a
reply with the list for /causes and /tips; for a press, an answer and an edit to the
view the button leads to), with the same defaults and as many updates handled at once,
but from a table made beforehand: no storage, no routing of its own, nothing else.
Comparing the two measures what our own code costs on top of the library.

The table is made by the orchestrator from our texts and keyboards (`bench.interactive`)
and handed over as plain data: this module imports nothing of our bot.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from telegram import InlineKeyboardMarkup, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, Defaults, MessageHandler
from telegram.ext import filters as flt

from bench.bot_process import TOKEN, AnyApplication

RUNNING_AT_ONCE = 4
"""As many updates handled at once as our bot (`bot.core.updates.RUNNING_AT_ONCE`)."""

Script = dict[str, tuple[str, dict[str, Any]]]
"""A command ("/causes") or a button's data, to the text and keyboard (as JSON) it shows."""


class _Answers:
    def __init__(self, script: Script) -> None:
        self._views = {
            key: (text, InlineKeyboardMarkup.de_json(markup, None))
            for key, (text, markup) in script.items()
        }

    async def command(self, update: Update, context: Any) -> None:
        message = update.message
        if message is None or message.text is None or message.text not in self._views:
            return
        text, markup = self._views[message.text]
        await message.reply_text(text, reply_markup=markup)

    async def pressed(self, update: Update, context: Any) -> None:
        query = update.callback_query
        if query is None:
            return
        view = self._views.get(query.data or "")
        if view is not None:
            # As ours: an edit that changes nothing is fine, and the answer comes after.
            with contextlib.suppress(BadRequest):
                await query.edit_message_text(view[0], reply_markup=view[1])
        await query.answer()


def build_bare_bot(script: Script, url: str, workdir: Path) -> AnyApplication:
    """Handed to the bot process as `functools.partial(build_bare_bot, script)`."""
    answers = _Answers(script)
    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(f"{url}/bot")
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .concurrent_updates(RUNNING_AT_ONCE)
        .build()
    )
    app.add_handler(MessageHandler(flt.TEXT, answers.command))
    app.add_handler(CallbackQueryHandler(answers.pressed))
    return app
