"""SIGTERM mid-send, as Heroku and systemd deliver it: nothing lost, nothing sent twice.

A real `python -m bot` process is stopped while a daily tip run and a broadcast are
both half-way, then started again; every subscriber must end with exactly one tip and
one copy of the broadcast, and the database must agree.
"""

from __future__ import annotations

import signal
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.admin.broadcast_store import BroadcastStore
from bot.clock import to_db
from bot.core.database import open_database
from tests.bot_process import HANG_GUARD, BotProcess, bot_environment
from tests.fake_bot_api import FakeBotApi, Recorded
from tests.fault_support import insert_subscribers

pytestmark = pytest.mark.slow

SUBSCRIBERS = 200
FIRST_USER = 5000
NEWS = "Team news: a new stretching guide is out."


def add_subscribers_due_now(db_path: Path) -> None:
    now = datetime.now(UTC).replace(second=0, microsecond=0)
    db = open_database(db_path)
    ids = range(FIRST_USER, FIRST_USER + SUBSCRIBERS)
    insert_subscribers(db, [(user_id, "UTC", now) for user_id in ids], to_db(now))
    BroadcastStore(db).queue(NEWS, "shell", now)
    db.close()


def tips(server: FakeBotApi) -> Counter[int]:
    return Counter(
        r.chat_id for r in server.calls("sendMessage") if r.chat_id and NEWS not in r.text
    )


def news(server: FakeBotApi) -> Counter[int]:
    return Counter(r.chat_id for r in server.calls("sendMessage") if NEWS in r.text)


def all_delivered(server: FakeBotApi) -> bool:
    return len(tips(server)) == SUBSCRIBERS and len(news(server)) == SUBSCRIBERS


def statuses(db_path: Path, sql: str) -> dict[str, int]:
    db = open_database(db_path)
    try:
        return dict(db.execute(sql).fetchall())
    finally:
        db.close()


async def test_sigterm_mid_run_loses_nothing_and_sends_nothing_twice(
    server: FakeBotApi, tmp_path: Path
) -> None:
    db_path = tmp_path / "data" / "bot.sqlite3"
    add_subscribers_due_now(db_path)
    env = bot_environment(server.url, db_path, BULK_MESSAGES_PER_SECOND="20")

    async with BotProcess(env, tmp_path) as first:

        def fifth_tip(request: Recorded) -> bool:
            return request.method == "sendMessage" and sum(tips(server).values()) >= 5

        await first.serving()
        await server.wait_for(fifth_tip, within=HANG_GUARD)
        first.signal(signal.SIGTERM)
        stopped_at = time.monotonic()
        assert await first.wait() == 0
        took = time.monotonic() - stopped_at
    assert took < 3, f"shutdown took {took:.1f}s"
    assert max(tips(server).values()) == 1
    assert max(news(server).values()) == 1
    assert len(tips(server)) < SUBSCRIBERS and len(news(server)) < SUBSCRIBERS, "not mid-run"
    assert "shutdown: daily tips finished in flight" in first.output
    still_due = SUBSCRIBERS - len(tips(server))
    assert f"{still_due} still due go out on the next start" in first.output
    assert "resumes on the next start" in first.output
    daily = "SELECT status, count(*) FROM deliveries GROUP BY status"
    assert set(statuses(db_path, daily)) == {"sent"}
    recipients = "SELECT status, count(*) FROM broadcast_recipients GROUP BY status"
    assert set(statuses(db_path, recipients)) == {"sent", "pending"}

    env["BULK_MESSAGES_PER_SECOND"] = "0"
    async with BotProcess(env, tmp_path) as second:
        await second.serving()
        await server.wait_until(lambda: all_delivered(server), HANG_GUARD)
        second.signal(signal.SIGTERM)
        assert await second.wait() == 0
    assert set(tips(server).values()) == {1}
    assert set(news(server).values()) == {1}
    assert statuses(db_path, daily) == {"sent": SUBSCRIBERS}
    assert statuses(db_path, recipients) == {"sent": SUBSCRIBERS}
    broadcast = "SELECT status, sent FROM broadcasts"
    assert statuses(db_path, broadcast) == {"done": SUBSCRIBERS}
