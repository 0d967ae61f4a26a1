"""The last line of defence: log with context, tell the user briefly, never crash."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError

from bot.context import BotContext
from bot.core import texts

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    error = context.error
    update_id = update.update_id if isinstance(update, Update) else None
    user = update.effective_user if isinstance(update, Update) else None
    user_id = user.id if user else None

    if isinstance(error, Forbidden) and user_id is not None:
        log.info("user %s blocked the bot (update %s); unsubscribing", user_id, update_id)
        context.users.mark_blocked(user_id, context.clock.now())
        return
    if isinstance(error, NetworkError) and not isinstance(error, BadRequest):
        log.warning("network error on update %s for user %s: %s", update_id, user_id, error)
    else:
        log.error("unhandled error on update %s for user %s", update_id, user_id, exc_info=error)
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(texts.ERROR_APOLOGY, show_alert=True)
        elif update.effective_chat is not None and update.effective_chat.type == "private":
            await context.bot.send_message(update.effective_chat.id, texts.ERROR_APOLOGY)
    except TelegramError as exc:
        log.warning("could not apologise for update %s: %s", update_id, exc)
