"""The JobQueue job that keeps this process's instance lock fresh (`core.instance_lock`).

It also checks that DATABASE_PATH still names the file the bot opened. Deleted or
replaced under a running bot, the old file lives on in our open connection: every
"Saved" would go to a file nobody will ever open again, and a second bot started on the
new file would find no lock there. So the bot stops, within one heartbeat.
"""

from __future__ import annotations

import logging

from bot.context import BotContext
from bot.core import console
from bot.core.database import FileIdentity
from bot.core.feature import RepeatingJob

log = logging.getLogger(__name__)


async def heartbeat_job(context: BotContext) -> None:
    """A process that lost its lock (it hung past the TTL) must stop, or two would run."""
    data = context.bot_data
    path = data.config.database_path
    if FileIdentity.of(path) != data.database_identity:
        data.stopped_because = console.database_swapped(path)
        log.error(data.stopped_because)
        context.application.stop_running()
        return
    if not data.instance_lock.heartbeat():
        log.error(console.INSTANCE_LOST)
        context.application.stop_running()


def job(seconds: int) -> RepeatingJob:
    """Every `seconds` (HEARTBEAT_SECONDS): tests of a swapped database set it short."""
    return RepeatingJob(
        name="instance-heartbeat", callback=heartbeat_job, interval=seconds, first=seconds
    )
