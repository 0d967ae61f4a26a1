"""The JobQueue job that keeps this process's instance lock fresh (`core.instance_lock`)."""

from __future__ import annotations

import logging

from bot.context import BotContext
from bot.core import console
from bot.core.feature import RepeatingJob
from bot.core.instance_lock import HEARTBEAT_SECONDS

log = logging.getLogger(__name__)


async def heartbeat_job(context: BotContext) -> None:
    """A process that lost its lock (it hung past the TTL) must stop, or two would run."""
    if not context.bot_data.instance_lock.heartbeat():
        log.error(console.INSTANCE_LOST)
        context.application.stop_running()


JOB = RepeatingJob(
    name="instance-heartbeat",
    callback=heartbeat_job,
    interval=HEARTBEAT_SECONDS,
    first=HEARTBEAT_SECONDS,
)
