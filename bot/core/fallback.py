"""Whatever no feature handled: a friendly nudge towards /help.

Unknown and forged button data never gets this far: the button router answers it.
"""

from __future__ import annotations

from html import escape
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, MessageHandler, filters

from bot.context import BotContext
from bot.core import texts
from bot.core.replies import PRIVATE_MESSAGE, message_of


async def unknown_command(update: Update, context: BotContext) -> None:
    message = message_of(update)
    command = (message.text or "/").split()[0].split("@")[0][:64]
    await message.reply_text(texts.UNKNOWN_COMMAND.format(command=escape(command)))


async def plain_text(update: Update, context: BotContext) -> None:
    await message_of(update).reply_text(texts.PLAIN_TEXT_HINT)


async def not_private(update: Update, context: BotContext) -> None:
    """Groups get one short pointer when someone sends us a command; channels get nothing."""
    message = update.effective_message
    if (
        message is not None
        and message.chat.type in {"group", "supergroup"}
        and message.text
        and message.text.startswith("/")
    ):
        await message.reply_text(texts.PRIVATE_ONLY)


NOT_PRIVATE: BaseHandler[Any, Any, Any] = MessageHandler(~filters.ChatType.PRIVATE, not_private)
"""First of all handlers: the bot only chats in private."""

CATCH_ALLS: tuple[BaseHandler[Any, Any, Any], ...] = (
    MessageHandler(PRIVATE_MESSAGE & filters.COMMAND, unknown_command),
    MessageHandler(PRIVATE_MESSAGE, plain_text),
)
"""Last of all handlers, after every feature's."""
