"""Remember when each user last wrote to us, for the "active in the last 7 days" figure.

It runs in a handler group after the features, so a first /start has created the
user's row by the time we touch it. Users without a row are not tracked.

The figure is ours, not something the user asked for: when the write fails (a read-only
or full disk), it is logged in one line and the user hears nothing. An apology belongs
only to a write the user asked for, and the feature's handler has made it already.
It is not a change the user asked for either, so it does not mark the update handled
(`bot.core.replays`).
"""

from __future__ import annotations

import logging
import sqlite3

from telegram import Update

from bot.clock import to_db
from bot.context import BotContext
from bot.core import replays

GROUP = 1

log = logging.getLogger(__name__)


async def record(update: Update, context: BotContext) -> None:
    if update.effective_user is None:
        return
    try:
        with replays.unrecorded():
            context.bot_data.db.execute(
                "UPDATE users SET last_active_at = ? WHERE user_id = ?",
                [to_db(context.clock.now()), update.effective_user.id],
            )
    except sqlite3.Error as exc:
        log.warning("could not record that user %s was active: %s", update.effective_user.id, exc)
