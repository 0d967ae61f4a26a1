"""The cramp diary as `build_application` wires it."""

from __future__ import annotations

from bot.core.feature import Feature
from bot.core.replies import command
from bot.diary import handlers, history, report, reports
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
    ),
    buttons=ROUTES,
    jobs=(handlers.RED_FLAG_JOB,),
    prompts=PROMPTS,
)
