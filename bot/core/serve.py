"""Running the bot for real: one process per database, by long polling or by webhook.

The instance lock is taken here and not in `build_application`, because the tests build
several applications on one database in one process, as restarts.
"""

from __future__ import annotations

import logging

import anyio

from bot.app import build_application, prepare_to_serve
from bot.config import Config
from bot.context import BotApplication
from bot.core import console
from bot.core.backup import settle_restored_copy
from bot.core.invariants import present

log = logging.getLogger("bot")


class StartRefused(Exception):
    """Another live process holds the database; the message is for the console."""


class StoppedForAFault(Exception):
    """The bot stopped itself (see `BotData.stopped_because`); the line is logged already."""


def lock_instance(app: BotApplication) -> None:
    """Take the instance lock or raise `StartRefused`; closes the database when refused."""
    lock = app.bot_data.instance_lock
    acquired, holder = lock.acquire()
    if not acquired:
        app.bot_data.db.close()
        holder = present(holder, "the instance lock's holder")
        raise StartRefused(console.instance_refused(holder.hostname, holder.pid, holder.started_at))
    if holder is not None:
        log.warning(console.instance_taken_over(holder.hostname, holder.pid, holder.heartbeat_at))


def announce_start(app: BotApplication, line: str) -> None:
    """Log `line` once Telegram has accepted the token, before serving.

    A start that Telegram refuses, or cannot be reached for, then prints only the one
    line `python -m bot` makes of the error.
    """
    setup = app.post_init

    async def post_init(app: BotApplication) -> None:
        log.info(line)
        if setup is not None:
            await setup(app)

    app.post_init = post_init


def import_http_backend() -> None:
    """httpx reaches asyncio through anyio, which imports its asyncio backend at the first
    request: 30-40 ms on the event loop at every start, while the first updates wait
    (bench/faults.py). Running anyio once, before the bot's loop exists, imports it."""
    anyio.run(anyio.sleep, 0)


def serve(config: Config, *, webhook: bool) -> None:
    """Blocks until SIGTERM/SIGINT; PTB then stops the app (see `bot.core.shutdown`)."""
    app = build_application(config)
    lock_instance(app)
    restored = settle_restored_copy(app.bot_data.db, app.bot_data.clock.now())
    if restored is not None:
        log.warning(console.restored_copy(restored.taken_at, restored.skipped))
    announce_start(
        app, console.starting("webhook" if webhook else "long polling", config.database_path)
    )
    import_http_backend()
    prepare_to_serve()
    if webhook:
        # aiohttp is for the webhook's server only: 90 ms and 24 MB a polling bot never needs.
        from bot.core.webhook import run_webhook

        run_webhook(app, config)
    else:
        app.run_polling(drop_pending_updates=False)
    if app.bot_data.stopped_because is not None:
        raise StoppedForAFault(app.bot_data.stopped_because)
