"""Test support: a clock the tests move, and a driver that runs the real bot.

`running_bot` starts the Application the way `run_polling` does (initialize, post_init,
polling, start) and shuts it down the same way, against the fake Bot API server.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import functools
import os
import random
import shutil
import tempfile
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.app import build_application
from bot.config import DEFAULT_CONTENT_DIR, Config
from bot.context import BotApplication
from bot.core.database import PRIVATE_FILE, make_private_folder, open_database
from bot.knowledge.content import Catalogue, load_catalogue
from tests.fake_bot_api import FakeBotApi, FakeUser, Recorded

TOKEN = "123456789:TEST-token-abcdefghijklmnopqrstuvwxyz"
SENTINEL = FakeUser(999999999, "Sentinel")


def size_from_environment(name: str, default: int, minimum: int = 1) -> int:
    """How big an end-to-end test runs: `default` unless the environment variable `name`
    says otherwise, so a developer can run it far bigger (or smaller) without editing it."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    if not raw.strip().isdigit() or int(raw) < minimum:
        raise ValueError(f"{name}={raw!r}: expected a whole number of at least {minimum}")
    return int(raw)


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        self.slept: list[float] = []

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> datetime:
        self.current += timedelta(**delta)
        return self.current

    def set(self, moment: datetime) -> None:
        self.current = moment.astimezone(UTC)

    async def sleep(self, seconds: float) -> None:
        """Waiting takes no real time: the clock moves on, and others get to run."""
        self.slept.append(seconds)
        self.advance(seconds=seconds)
        await asyncio.sleep(0)


class Driver:
    """Talks to the bot as Telegram users would, through the fake server."""

    def __init__(self, server: FakeBotApi, app: BotApplication, clock: FakeClock) -> None:
        self.server = server
        self.app = app
        self.clock = clock

    @property
    def db(self) -> Any:
        return self.app.bot_data.db

    def mark(self) -> int:
        return len(self.server.requests)

    async def send(self, user: FakeUser, text: str) -> Recorded:
        """Send a message and return the bot's first message back to that user."""
        since = self.mark()
        self.server.inject_message(user, text)
        return await self.server.wait_for(
            lambda r: r.method == "sendMessage" and r.chat_id == user.id and not r.error,
            since=since,
        )

    async def press(
        self, user: FakeUser, data: str, message: Recorded | int | None = None
    ) -> Recorded:
        """Press a button and return the bot's answer to the callback query."""
        since = self.mark()
        message_id = message.message_id if isinstance(message, Recorded) else message
        query_id = self.server.inject_callback(user, data, message_id)
        return await self.server.wait_for(
            lambda r: (
                r.method == "answerCallbackQuery" and r.params["callback_query_id"] == query_id
            ),
            since=since,
        )

    async def settle(self) -> None:
        """Wait until every update injected so far has been handled.

        Once a sentinel message sent after them is answered, they have all been fetched;
        different chats' updates run at once, so the queue's `join` then waits for the
        ones still in progress.
        """
        await self.send(SENTINEL, "sentinel")
        await self.app.update_queue.join()

    async def edit_after(self, user: FakeUser, since: int) -> Recorded:
        return await self.server.wait_for(
            lambda r: r.method == "editMessageText" and r.chat_id == user.id and not r.error,
            since=since,
        )


@functools.cache
def _migrated_database() -> Path:
    """A new database with every migration applied, made once per test run."""
    folder = Path(tempfile.mkdtemp(prefix="migrated-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / "bot.sqlite3"
    open_database(path).close()  # the last connection's close empties the WAL into the file
    return path


@functools.cache
def _default_catalogue() -> Catalogue:
    return load_catalogue(DEFAULT_CONTENT_DIR)


def _first_start(config: Config) -> None:
    """A bot starting on no database gets a copy of a migrated one: what its own start
    would make, without running every migration again for each of some 400 tests."""
    path = config.database_path
    if path.exists():
        return
    make_private_folder(path.parent)
    shutil.copyfile(_migrated_database(), path)
    path.chmod(PRIVATE_FILE)


@contextlib.asynccontextmanager
async def running_bot(
    config: Config, server: FakeBotApi, clock: FakeClock
) -> AsyncIterator[Driver]:
    server.release_polls(False)
    _first_start(config)
    # The content is read-only, so the default one is loaded once per test run.
    catalogue = _default_catalogue() if config.content_dir == DEFAULT_CONTENT_DIR else None
    app = build_application(
        config, clock=clock, catalogue=catalogue, rng=random.Random(7), sleep=clock.sleep
    )
    assert app.job_queue is not None
    for job in app.job_queue.jobs():
        job.enabled = False  # tests run jobs themselves, at the fake clock's time
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    await app.start()
    try:
        yield Driver(server, app, clock)
    finally:
        server.release_polls()
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)
