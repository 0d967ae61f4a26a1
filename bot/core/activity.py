"""Remember when each user last wrote to us, for the "active in the last 7 days" figure.

It runs in a handler group after the features, so a first /start has created the
user's row by the time we touch it. Users without a row are not tracked. It is not a
change the user asked for, so it does not mark the update handled (`bot.core.replays`).
"""

from __future__ import annotations

from telegram import Update

from bot.clock import to_db
from bot.context import BotContext
from bot.core import replays

GROUP = 1


async def record(update: Update, context: BotContext) -> None:
    if update.effective_user is not None:
        with replays.unrecorded():
            context.bot_data.db.execute(
                "UPDATE users SET last_active_at = ? WHERE user_id = ?",
                [to_db(context.clock.now()), update.effective_user.id],
            )
