"""The admin tools as `build_application` wires them; every one checks admin rights."""

from __future__ import annotations

from telegram.ext import MessageHandler, filters

from bot.admin import broadcast_handlers, handlers
from bot.admin.buttons import ROUTES
from bot.core.feature import Feature
from bot.core.replies import PRIVATE_MESSAGE, command

FEATURE = Feature(
    name="admin",
    handlers=(
        command("admin", handlers.stats),
        command("addtip", handlers.add_tip),
        command("removetip", handlers.remove_tip),
        command("broadcast", broadcast_handlers.broadcast),
        MessageHandler(
            PRIVATE_MESSAGE & filters.REPLY & filters.TEXT & ~filters.COMMAND,
            handlers.answer_feedback,
        ),
    ),
    buttons=ROUTES,
    jobs=(broadcast_handlers.JOB,),
)
