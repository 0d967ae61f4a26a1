"""Remember when each user last wrote to us, for the "active in the last 7 days" figure.

It runs in a handler group after the features, so a first /start has created the
user's row by the time we touch it.
"""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.core.activity_store import record_activity

GROUP = 1


async def record(update: Update, context: BotContext) -> None:
    if update.effective_user is not None:
        record_activity(context.bot_data.db, update.effective_user.id, context.clock.now())
