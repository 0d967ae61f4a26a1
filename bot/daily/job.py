"""The JobQueue job that wakes every minute and sends the daily tips that are due."""

from __future__ import annotations

import logging

from bot.context import BotContext

log = logging.getLogger(__name__)

JOB_NAME = "daily-tips"
INTERVAL_SECONDS = 60
FIRST_RUN_SECONDS = 2
"""Soon after a (re)start, as broadcasts resume: a run a crash cut short goes on at once."""


async def daily_tip_job(context: BotContext) -> None:
    report = await context.daily_tips.run()
    if report is not None and report.counts:
        log.info("daily tips: %s", report)
