"""Whatever no feature handled: a friendly nudge towards /help."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.core import texts
from bot.core.replies import callback_query


async def unknown_command(update: Update, context: BotContext) -> None:
    assert update.message and update.message.text
    command = update.message.text.split()[0].split("@")[0][:64]
    await update.message.reply_text(texts.UNKNOWN_COMMAND.format(command=texts.escape(command)))


async def plain_text(update: Update, context: BotContext) -> None:
    assert update.message
    await update.message.reply_text(texts.PLAIN_TEXT_HINT)


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


async def expired_button(update: Update, context: BotContext) -> None:
    await callback_query(update).answer(texts.BUTTON_EXPIRED, show_alert=True)
