"""The bot under test, in a process of its own, run the way `python -m bot` runs it.

Only the bot lives here: not the orchestrator's plans and results, nor the other
bot's modules, so each bot's figures (its garbage collections included) are its own.
The module imports nothing beyond the standard library and python-telegram-bot, for
the same reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import tempfile
from collections.abc import AsyncIterator, Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from telegram.ext import Application

from bench.process import Child, serve_until_stopped
from bench.stall import StallProbe, Stalls

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
# Builds the application for a server URL and a scratch directory. It is sent to the
# bot process by reference, so it must be a module-level function.
AppFactory = Callable[[str, Path], AnyApplication]
MAX_LIFETIME = 900.0
TOKEN = "123456789:BENCH-token-abcdefghijklmnopqrstuvwxyz"


@contextlib.asynccontextmanager
async def running_application(app: AnyApplication) -> AsyncIterator[None]:
    """Run `app` the way `run_polling` does (as `tests.support.running_bot` does).

    Stopping cancels the idle long poll; releasing polls first (as the tests do)
    would cancel a request mid-flight instead, which can leave PTB's one getUpdates
    connection busy and its final getUpdates failing with a pool timeout.
    """
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    if app.updater is None:
        raise RuntimeError("the application has no updater to poll with")
    await app.updater.start_polling(poll_interval=0, timeout=1)
    await app.start()
    try:
        yield
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)


def run_bot(factory: AppFactory, url: str, conn: Connection) -> None:
    """The bot process's entry point; its database lives in a temporary directory."""
    logging.basicConfig(level=logging.WARNING, format="bot %(levelname)s %(name)s: %(message)s")
    asyncio.run(_run_bot(factory, url, conn))


async def _run_bot(factory: AppFactory, url: str, conn: Connection) -> None:
    """The stall probe runs on the bot's own loop, from start to stop; the parent asks
    for its figures ("stalls") and restarts its count ("reset") around what it times."""
    probe = StallProbe()

    def answer(question: Any) -> Any:
        if question == "reset":
            probe.reset()
            return None
        return probe.figures().as_json()

    with tempfile.TemporaryDirectory(prefix="bench-bot-") as workdir:
        app = factory(url, Path(workdir))
        async with running_application(app), probe:
            await serve_until_stopped(conn, "ready", MAX_LIFETIME, answer)


class BotProcess:
    """`async with BotProcess(factory, server.url):` the bot polls the server meanwhile."""

    def __init__(self, factory: AppFactory, url: str) -> None:
        self._child = Child("bot", run_bot, factory, url)

    async def __aenter__(self) -> BotProcess:
        await self._child.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._child.stop()

    async def reset_stalls(self) -> None:
        """The bot's stall figures count from now."""
        await self._child.ask("reset")

    async def stalls(self) -> Stalls:
        """The loop stalls in the bot's process since its start or the last reset."""
        return Stalls.from_json(await self._child.ask("stalls"))
