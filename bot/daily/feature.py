"""The daily-tip feature as `build_application` wires it."""

from __future__ import annotations

from telegram.ext import MessageHandler, filters

from bot.core.feature import Feature
from bot.core.replies import PRIVATE_MESSAGE, command
from bot.daily import handlers
from bot.daily.buttons import ROUTES
from bot.daily.job import JOB
from bot.daily.prompts import PROMPTS

FEATURE = Feature(
    name="daily",
    handlers=(
        command("time", handlers.time_command),
        command("timezone", handlers.timezone_command),
        command("settings", handlers.settings_command),
        MessageHandler(PRIVATE_MESSAGE & filters.LOCATION, handlers.location),
    ),
    buttons=ROUTES,
    jobs=(JOB,),
    prompts=PROMPTS,
)
