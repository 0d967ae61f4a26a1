"""Stopping on SIGTERM without losing a message, well inside the platform's 10 seconds.

PTB stops the updater, then `Application.stop()`, which waits for running jobs with no
limit, then stops the job queue (APScheduler cancels whatever coroutine job is still
running). A daily tip run of thousands of users would hold shutdown for minutes, and a
broadcast, stopped only afterwards in `post_stop`, would be late too. So the bulk
senders are told to stop first: they take no new recipients, let the sends in flight
finish and be recorded within `GRACE_SECONDS`, and whatever is left stays due or
pending in the database for the next start.

The housekeeping that runs beside the handlers starts with the application and stops
after the last update is handled: the activity moments still in memory are written,
then the WAL checkpoint thread ends (the database's close checkpoints the rest).
"""

from __future__ import annotations

import asyncio
import logging

from bot.context import BotApplication, BotData
from bot.core import console

log = logging.getLogger(__name__)

GRACE_SECONDS = 5.0
"""Heroku and systemd allow 10 s before SIGKILL; the rest of shutdown needs well under 1 s."""


async def stop_bulk_sends(data: BotData) -> None:
    """Daily tips and a broadcast finish in parallel; one INFO line tells what is left."""
    loop = asyncio.get_running_loop()
    started = loop.time()
    report, _ = await asyncio.gather(
        data.scheduler.stop(GRACE_SECONDS), data.broadcaster.stop(GRACE_SECONDS)
    )
    broadcast = data.broadcasts.next_to_run()
    left = data.broadcasts.counts(broadcast.id).remaining if broadcast is not None else 0
    log.info(
        console.shutdown_report(
            daily_done=str(report) if report is not None else None,
            daily_left=data.scheduler.still_due(),
            broadcast_id=broadcast.id if broadcast is not None else None,
            broadcast_left=left,
            seconds=loop.time() - started,
        )
    )


class GracefulApplication(BotApplication):
    """`build_application` sets this class, so tests and `python -m bot` stop the same way."""

    async def start(self) -> None:
        await super().start()
        self.bot_data.checkpoints.start()
        self.bot_data.activity.start()

    async def stop(self) -> None:
        if self.running:
            await stop_bulk_sends(self.bot_data)
        await super().stop()
        await self.bot_data.activity.stop()
        self.bot_data.checkpoints.stop()
