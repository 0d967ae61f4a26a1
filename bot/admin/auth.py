"""The one admin check, wrapped around every admin command and every admin button.

Button data can be forged by anyone, so a button is checked as strictly as a command.
A refusal is logged with the user id and does nothing else: no broadcast, no change.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable

from telegram import Update

from bot.admin import texts
from bot.context import BotContext
from bot.core import texts as core_texts

log = logging.getLogger(__name__)

Handler = Callable[[Update, BotContext], Awaitable[None]]


def is_admin(update: Update, context: BotContext) -> bool:
    user = update.effective_user
    return user is not None and user.id in context.config.admin_ids


def admin_only(handler: Handler) -> Handler:
    @functools.wraps(handler)
    async def guarded(update: Update, context: BotContext) -> None:
        if is_admin(update, context):
            await handler(update, context)
            return
        user_id = update.effective_user.id if update.effective_user else None
        log.warning("refused admin action %s for non-admin user %s", handler.__name__, user_id)
        if update.callback_query is not None:
            await update.callback_query.answer(core_texts.BUTTON_EXPIRED, show_alert=True)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(texts.ADMIN_ONLY)

    return guarded
