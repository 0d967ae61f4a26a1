"""`python -m bot check`: is this machine ready to run the bot? Asked before a deploy.

It tries what the start will do, short of taking the instance lock, and leaves nothing
changed: it opens an existing database read-write and applies the pending migrations in a
transaction it rolls back; for a missing one it creates the folders and a scratch
database beside where the real one will be (WAL and all), then removes them. So a path
the start cannot use (read-only, under /proc, a file where a folder should be) fails
here too. Without `--online` it never talks to the network, and it is safe next to a
running bot. Each check answers in one line the operator can act on; no traceback,
never the token.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database
from telegram import Bot
from telegram.error import InvalidToken, TelegramError
from telegram.request import HTTPXRequest

from bot.clock import Clock, SystemClock
from bot.config import Config, ConfigError, load_config
from bot.core.database import (
    SchemaTooNew,
    open_database,
    pending_migrations,
    rolled_back,
    unknown_migrations,
)
from bot.core.instance_lock import InstanceLock
from bot.core.logging_setup import REDACTED
from bot.core.migrations import MIGRATIONS
from bot.knowledge.content import ContentError, load_catalogue

LOCK_WAIT_SECONDS = 2.0
ONLINE_TIMEOUT_SECONDS = 10.0


@dataclass(frozen=True, slots=True)
class CheckResult:
    name: str
    ok: bool
    detail: str


def run_checks(*, online: bool = False) -> list[CheckResult]:
    try:
        config = load_config()
    except ConfigError as exc:
        return [CheckResult("configuration", False, str(exc))]
    results = [
        CheckResult("configuration", True, _mode(config)),
        check_content(config),
        check_database(config.database_path),
    ]
    if online:
        results.append(asyncio.run(check_telegram(config)))
    return results


def _mode(config: Config) -> str:
    if config.webhook_url:
        return f"webhook at {config.webhook_url}, listening on port {config.port}"
    return "long polling (WEBHOOK_URL not set)"


def check_content(config: Config) -> CheckResult:
    try:
        catalogue = load_catalogue(config.content_dir)
    except ContentError as exc:
        return CheckResult("content", False, str(exc))
    return CheckResult(
        "content", True, f"{len(catalogue.causes)} causes, {len(catalogue.tips)} tips"
    )


def check_database(path: Path) -> CheckResult:
    if not path.exists():
        return _check_new_database(path)
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=LOCK_WAIT_SECONDS
        )
    except sqlite3.Error as exc:
        return CheckResult("database", False, f"cannot open {path}: {exc}")
    conn.isolation_level = None
    try:
        return _check_existing_database(path, conn)
    except sqlite3.Error as exc:
        return CheckResult("database", False, f"{path} is not a usable SQLite database: {exc}")
    finally:
        conn.close()


def _check_new_database(path: Path) -> CheckResult:
    folder = path.parent
    missing: list[Path] = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    if not folder.is_dir():
        return CheckResult("database", False, f"{path} cannot be created: {folder} is a file")
    if not os.access(folder, os.W_OK | os.X_OK):
        return CheckResult("database", False, f"{path} does not exist and {folder} is read-only")
    scratch = path.with_name(f".{path.name}.check-{os.getpid()}")
    try:
        open_database(scratch).close()
    except PermissionError:
        return CheckResult("database", False, f"{path} does not exist and {folder} is read-only")
    except (OSError, sqlite3.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        return CheckResult("database", False, f"{path} cannot be created: {reason}")
    finally:
        for leftover in (scratch, *(scratch.with_name(scratch.name + s) for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
        for created in missing:
            created.rmdir()
    return CheckResult("database", True, f"{path} is created on first start")


def _check_existing_database(path: Path, conn: sqlite3.Connection) -> CheckResult:
    db = Database(conn, execute_plugins=False)
    unknown = unknown_migrations(db)
    if unknown:
        return CheckResult("database", False, str(SchemaTooNew(path, unknown)))
    pending = pending_migrations(db)
    try:
        with rolled_back(db):
            MIGRATIONS.apply(db)
    except sqlite3.OperationalError as exc:
        reason = str(exc)
        if "locked" in reason or "busy" in reason:
            reason = f"another process holds a write lock for over {LOCK_WAIT_SECONDS:g}s"
        return CheckResult("database", False, f"{path} is not writable: {reason}")
    if pending:
        return CheckResult(
            "database",
            False,
            f"{path} needs {len(pending)} migration(s) ({', '.join(pending)}); "
            "the bot applies them when it starts",
        )
    return CheckResult("database", True, f"{path} is writable and its schema is current")


def check_alive(path: Path, clock: Clock | None = None) -> CheckResult:
    """Does a bot hold this database with a fresh heartbeat? For a container HEALTHCHECK.

    It reads the lock row over a read-only connection and takes no lock of any kind, so
    running it every few seconds next to the bot costs the bot nothing. "Alive" is what a
    second start would see as live (`InstanceLock.is_live`): a heartbeat younger than the
    lock's TTL and, on the same host, a running pid. A bot whose event loop hangs stops
    beating and turns unhealthy within the TTL.
    """
    clock = clock or SystemClock()
    if not path.is_file():
        return CheckResult("alive", False, f"no database at {path}: the bot has not started")
    try:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=LOCK_WAIT_SECONDS
        )
    except sqlite3.Error as exc:
        return CheckResult("alive", False, f"cannot open {path}: {exc}")
    try:
        lock = InstanceLock(Database(conn, execute_plugins=False), clock)
        holder = lock.holder()
        live = holder is not None and lock.is_live(holder)
    except sqlite3.Error as exc:
        return CheckResult("alive", False, f"cannot read the instance lock in {path}: {exc}")
    finally:
        conn.close()
    if holder is None:
        return CheckResult("alive", False, f"no bot holds {path} (stopped, or still starting)")
    age = int((clock.now() - holder.heartbeat_at).total_seconds())
    who = f"pid {holder.pid} on host {holder.hostname}, last heartbeat {age}s ago"
    if not live:
        return CheckResult("alive", False, f"the bot that held {path} is gone ({who})")
    return CheckResult("alive", True, f"the bot runs on {path} ({who})")


async def check_telegram(config: Config) -> CheckResult:
    """getMe: proves the token and the route to the Bot API (TELEGRAM_API_URL if set)."""
    request = HTTPXRequest(
        connect_timeout=ONLINE_TIMEOUT_SECONDS, read_timeout=ONLINE_TIMEOUT_SECONDS
    )
    bot = Bot(config.token, base_url=f"{config.api_url}/bot", request=request)
    try:
        me = await bot.get_me()
    except InvalidToken:
        return CheckResult("telegram", False, "Telegram refused TELEGRAM_BOT_TOKEN")
    except TelegramError as exc:
        reason = str(exc).replace(config.token, REDACTED)
        return CheckResult("telegram", False, f"getMe through {config.api_url} failed: {reason}")
    finally:
        await request.shutdown()
    return CheckResult("telegram", True, f"token valid for @{me.username}")
