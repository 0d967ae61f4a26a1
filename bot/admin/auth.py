"""The admin check around every admin command.

Admin buttons are checked by the button router (routes declared with `admin=True`), as
strictly as commands: button data can be forged by anyone. A refusal is logged with
the user id and does nothing else: no broadcast, no change.
"""

from __future__ import annotations

import functools
import logging

from telegram import Update

from bot.admin import texts
from bot.context import BotContext
from bot.core.replies import UpdateCallback

log = logging.getLogger(__name__)


def admin_only(handler: UpdateCallback) -> UpdateCallback:
    @functools.wraps(handler)
    async def guarded(update: Update, context: BotContext) -> None:
        user = update.effective_user
        if user is not None and user.id in context.config.admin_ids:
            await handler(update, context)
            return
        log.warning(
            "refused admin action %s for non-admin user %s",
            handler.__name__,
            user.id if user else None,
        )
        if update.effective_message is not None:
            await update.effective_message.reply_text(texts.ADMIN_ONLY)

    return guarded
