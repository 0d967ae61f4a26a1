"""The JobQueue job that wakes every minute and sends the scheduled messages that are due
(daily tips, check-ins, bedtime reminders, weekly summaries)."""

from __future__ import annotations

import logging

from bot.context import BotContext
from bot.core.feature import RepeatingJob

log = logging.getLogger(__name__)


async def daily_tip_job(context: BotContext) -> None:
    report = await context.scheduler.run()
    if report is not None and report.counts:
        log.info("scheduled sends: %s", report)


JOB = RepeatingJob(
    name="daily-tips",
    callback=daily_tip_job,
    interval=60,
    # No `first`: soon after a (re)start (RESUME_AFTER_SECONDS), as broadcasts resume, a
    # run a crash cut short goes on.
    # A tick during a long run finds it in progress and returns at once (the run itself
    # re-reads what falls due), instead of APScheduler warning every minute.
    max_instances=2,
)
