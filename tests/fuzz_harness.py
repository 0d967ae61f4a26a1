"""One real bot under fuzz: victims set up first, then hostile batches and the invariants.

The fake server and the Application run on an event loop in a thread of their own, so
one bot serves every Hypothesis example (and the bench's long run) while the examples
themselves stay plain synchronous functions. Updates go in through `getUpdates` and
every reply goes out over HTTP, as in production.

After every batch: no unhandled error was logged, the victims' rows are as they were,
the team's tables are untouched and nobody on the team or among the victims got a
message, every button press was answered, and no text shown to anyone reveals
internals or the token.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from sqlite_utils import Database

from bot.admin import texts as admin_texts
from bot.admin.tips_store import AdminTipStore
from bot.config import load_config
from tests import telegram_rules
from tests.admin_support import ADA, GRACE, preview
from tests.diary_support import log_cramp, seed
from tests.fake_bot_api import FakeBotApi, FakeUser, Recorded
from tests.fuzz_updates import FuzzUpdate, PressButton, Targets, shows_internals
from tests.support import SENTINEL, TOKEN, Driver, FakeClock, running_bot

T = TypeVar("T")
VICTIMS = (FakeUser(1001, "Alice"), FakeUser(1002, "Bob"))
TEAM_TABLES = ("broadcasts", "broadcast_recipients", "admin_tips")
PROTECTED_CHATS = {user.id for user in (*VICTIMS, ADA, GRACE)}
ADMIN_CHATS = {ADA.id, GRACE.id}
BATCH_TIMEOUT = 60.0


@dataclass
class Tally:
    """Running totals over every batch fed so far."""

    updates: int = 0
    unhandled: int = 0
    other_user_changes: int = 0
    admin_actions: int = 0
    callbacks: int = 0
    callbacks_answered: int = 0
    leaks: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.problems and self.callbacks_answered == self.callbacks


class _ErrorRecords(logging.Handler):
    """Errors and anything the error handler logs: each one is an unhandled exception."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR or record.name == "bot.core.errors":
            self.records.append(record)


def _shown_texts(request: Recorded) -> list[str]:
    return [str(request.params[key]) for key in ("text", "caption") if request.params.get(key)]


def _per_user_tables(db: Database) -> tuple[str, ...]:
    """Read once, after start-up's migrations: the schema does not change while the bot
    runs, and reading it again after every batch took a third of the fuzz test's time."""
    return tuple(table.name for table in db.tables if "user_id" in table.columns_dict)


def _victim_rows(db: Database, tables: tuple[str, ...]) -> dict[str, list[str]]:
    ids = [user.id for user in VICTIMS]
    return {
        name: sorted(repr(row) for row in db[name].rows_where("user_id IN (?, ?)", ids))
        for name in tables
    }


def _feedback_copy(request: Recorded) -> bool:
    """Anyone may send /feedback: its copy to each admin is by design, not a reach-in."""
    return (
        request.method == "sendMessage"
        and request.chat_id in ADMIN_CHATS
        and request.text.startswith(f"<b>{admin_texts.FEEDBACK_COPY_TITLE}</b>")
    )


def _team_rows(db: Database) -> dict[str, list[str]]:
    return {name: sorted(repr(row) for row in db[name].rows) for name in TEAM_TABLES}


class FuzzSession:
    def __init__(self, workdir: Path) -> None:
        self._workdir = workdir
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fuzz-bot")
        self._stack = contextlib.AsyncExitStack()
        self._errors = _ErrorRecords()
        self.server = FakeBotApi()
        self.tally = Tally()
        self.targets: Targets
        self._driver: Driver
        self._per_user_tables: tuple[str, ...]
        self._victims: dict[str, list[str]]
        self._team: dict[str, list[str]]

    def _call(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(BATCH_TIMEOUT)

    def on_loop(self, coroutine: Coroutine[Any, Any, T]) -> T:
        """Run `coroutine` on the bot's loop (the fuzz bench starts its stall probe there)."""
        return self._call(coroutine)

    def __enter__(self) -> FuzzSession:
        self._thread.start()
        logging.getLogger().addHandler(self._errors)
        try:
            self._call(self._start())
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        with contextlib.suppress(RuntimeError):
            self._call(self._stack.aclose())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join()
        self._loop.close()
        logging.getLogger().removeHandler(self._errors)

    async def _start(self) -> None:
        await self.server.start()
        self._stack.push_async_callback(self.server.stop)
        self.server.fault_hooks.append(telegram_rules.enforce)
        config = load_config(
            telegram_bot_token=TOKEN,
            telegram_api_url=self.server.url,
            database_path=self._workdir / "bot.sqlite3",
            admin_ids=f"{ADA.id},{GRACE.id}",
        )
        clock = FakeClock()
        self._driver = await self._stack.enter_async_context(
            running_bot(config, self.server, clock)
        )
        await self._set_up_victims()
        self._per_user_tables = _per_user_tables(self._driver.db)
        self._victims = _victim_rows(self._driver.db, self._per_user_tables)
        self._team = _team_rows(self._driver.db)

    async def _set_up_victims(self) -> None:
        """Subscribed victims with settings and diary entries; a pending broadcast; a team tip."""
        bot = self._driver
        for user in VICTIMS:
            for command in ("/start", "/time 07:30", "/timezone Europe/Berlin"):
                await bot.send(user, command)
            await log_cramp(bot, user)
            for day in (1, 2):
                seed(bot, user, bot.clock.now(), date(2026, 3, day), "foot", "right", 3)
        await bot.send(ADA, "/addtip Drink a glass of water before bed")
        await preview(bot, ADA, "/broadcast Hello from the team")
        await bot.settle()
        data = bot.app.bot_data
        await data.activity.flush()  # the victims' own activity, before their rows are kept
        tips = AdminTipStore(bot.db).active()
        self.targets = Targets(
            entry_ids=tuple(row["id"] for row in bot.db["cramp_entries"].rows),
            broadcast_ids=tuple(row["id"] for row in bot.db["broadcasts"].rows),
            tip_ids=tuple(tip.id for tip in tips),
            tip_slugs=tuple(tip.slug for tip in tips),
            item_ids=tuple(item.id for item in (*data.catalogue.tips, *data.catalogue.causes)),
        )
        assert self.targets.entry_ids and self.targets.broadcast_ids and self.targets.tip_ids

    def feed(self, batch: list[FuzzUpdate], team: bool = False) -> list[str]:
        """Feed one batch and check it; returns what went wrong (also kept in the tally).

        A `team` batch comes from an admin: team tables may change and admins get
        replies, so those two checks give way to a fresh snapshot of the team tables.
        """
        started = time.perf_counter()
        problems = self._call(self._feed(batch, team))
        self.tally.seconds += time.perf_counter() - started
        self.tally.updates += len(batch)
        self.tally.problems += problems
        return problems

    async def _feed(self, batch: list[FuzzUpdate], team: bool) -> list[str]:
        server = self.server
        since, errors_before = len(server.requests), len(self._errors.records)
        queries: list[str] = []
        for update in batch:
            user = FakeUser(update.sender.user_id, update.sender.first_name)
            if isinstance(update, PressButton):
                queries.append(
                    server.inject_callback(user, update.data, update.message_id, update.chat)
                )
            elif update.location is not None:
                latitude, longitude = update.location
                place = {"latitude": latitude, "longitude": longitude}
                server.inject_message(user, update.text, chat=update.chat, location=place)
            else:
                server.inject_message(user, update.text, chat=update.chat)
        await self._driver.settle()
        problems = self._check(since, errors_before, queries, team)
        if team:
            self._team = _team_rows(self._driver.db)
        return problems

    def _check(self, since: int, errors_before: int, queries: list[str], team: bool) -> list[str]:
        problems: list[str] = []
        tally = self.tally
        requests = [r for r in self.server.requests[since:] if r.chat_id != SENTINEL.id]
        for record in self._errors.records[errors_before:]:
            # One exception can log twice (it, then a failed apology): count the first.
            if not record.getMessage().startswith("could not apologise"):
                tally.unhandled += 1
            problems.append(
                f"logged: {record.getMessage()} {record.exc_info and record.exc_info[1]!r}"
            )
        answered = {
            r.params["callback_query_id"]
            for r in requests
            if r.method == "answerCallbackQuery" and not r.error
        }
        tally.callbacks += len(queries)
        tally.callbacks_answered += len(answered & set(queries))
        problems += [
            f"callback {query} never answered" for query in queries if query not in answered
        ]
        for request in requests:
            for text in _shown_texts(request):
                if shows_internals(text) or TOKEN in text or TOKEN.split(":")[1] in text:
                    tally.leaks += 1
                    problems.append(f"internal detail shown by {request.method}: {text[:200]!r}")
            if request.error and any(part in request.error for part in telegram_rules.REFUSALS):
                problems.append(f"{request.method} refused: {request.error}")
        if _victim_rows(self._driver.db, self._per_user_tables) != self._victims:
            tally.other_user_changes += 1
            problems.append("a victim's rows changed")
        if team:
            return problems
        reached = [r for r in requests if r.chat_id in PROTECTED_CHATS and not _feedback_copy(r)]
        if _team_rows(self._driver.db) != self._team or reached:
            tally.admin_actions += 1
            problems.append(f"team tables changed or a protected chat was messaged: {reached[:3]}")
        return problems
