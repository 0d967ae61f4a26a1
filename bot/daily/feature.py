"""The daily tip and the user's own schedule, as `build_application` wires them."""

from __future__ import annotations

from telegram.ext import MessageHandler, filters

from bot.core.feature import Feature
from bot.core.replies import PRIVATE_MESSAGE, command
from bot.daily import handlers, schedule_handlers
from bot.daily.buttons import ROUTES
from bot.daily.job import JOB
from bot.daily.prompts import PROMPTS

FEATURE = Feature(
    name="daily",
    handlers=(
        command("time", handlers.time_command),
        command("timezone", handlers.timezone_command),
        command("settings", schedule_handlers.settings_command),
        command("pause", schedule_handlers.pause_command),
        command("resume", schedule_handlers.resume_command),
        command("checkin", schedule_handlers.checkin_command),
        command("bedtime", schedule_handlers.bedtime_command),
        command("summary", schedule_handlers.summary_command),
        command("days", schedule_handlers.days_command),
        command("silent", schedule_handlers.silent_command),
        command("dailytip", schedule_handlers.dailytip_command),
        MessageHandler(PRIVATE_MESSAGE & filters.LOCATION, handlers.location),
    ),
    buttons=ROUTES,
    jobs=(JOB,),
    prompts=PROMPTS,
)
