"""The cramp diary as `build_application` wires it."""

from __future__ import annotations

from telegram.ext import MessageHandler, filters

from bot.core.feature import Feature
from bot.core.replies import PRIVATE_MESSAGE, command
from bot.diary import handlers, history, insights_command, report, reports, typed_flow
from bot.diary.buttons import ROUTES
from bot.diary.prompts import PROMPTS

FEATURE = Feature(
    name="diary",
    handlers=(
        command("log", handlers.log_command),
        command("history", history.history),
        command("stats", reports.stats),
        command("export", reports.export_diary),
        command("report", report.report_command),
        command("insights", insights_command.insights),
        # Last of the diary's: plain text that is not a reply (replies answer feedback
        # or a prompt) and that no command took, read as a cramp to log.
        MessageHandler(
            PRIVATE_MESSAGE & filters.TEXT & ~filters.COMMAND & ~filters.REPLY,
            typed_flow.typed_message,
        ),
    ),
    buttons=ROUTES,
    jobs=(handlers.RED_FLAG_JOB,),
    prompts=PROMPTS,
)
