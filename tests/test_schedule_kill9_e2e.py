"""kill -9 of `python -m bot` five times during a minute in which the daily tip, the
morning check-in and the bedtime reminder are all due for 2,000 users: afterwards each
user has exactly one of each (issue 14).

The kills land as in `test_kill9_e2e`: from a chosen sendMessage on, the fake server
still acts on every request but holds back its answers, and the test kills once
`DEFAULT_CONCURRENCY` are held, so every claimed message has reached the server and
"exactly one of each" is exact. SCHEDULE_KILL9_USERS sets the number of users.
"""

from __future__ import annotations

import random
import signal
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.database import open_database
from bot.core.sending import DEFAULT_CONCURRENCY
from tests.bot_process import HANG_GUARD, BotProcess, bot_environment
from tests.fake_bot_api import FakeBotApi
from tests.fault_support import FIRST_ID, check_daily_records, copies, insert_subscribers, integrity
from tests.support import size_from_environment

pytestmark = pytest.mark.slow

KILLS = 5
KINDS = ("tip", "checkin", "bedtime")
USERS = size_from_environment("SCHEDULE_KILL9_USERS", 2000, minimum=100)
SEED = 20261202


def morning_zone(now: datetime) -> str:
    """A zone where it is about nine in the morning: the check-in (until noon), the
    bedtime reminder (two hours) and the tip are all still due for the whole test."""
    offset = 9 - now.astimezone(UTC).hour
    if offset < -12:
        offset += 24
    return f"Etc/GMT{-offset:+d}" if offset else "UTC"


async def test_kill_9_five_times_while_three_kinds_are_due_then_a_clean_start(
    tmp_path: Path,
) -> None:
    rng = random.Random(SEED)
    messages = USERS * len(KINDS)
    spread = range(10, messages - (KILLS + 2) * DEFAULT_CONCURRENCY)
    points = [p + n * DEFAULT_CONCURRENCY for n, p in enumerate(sorted(rng.sample(spread, KILLS)))]
    server = FakeBotApi()
    await server.start()
    db_path = tmp_path / "data" / "bot.sqlite3"
    now = datetime.now(UTC)
    due = now - timedelta(minutes=1)
    ids = list(range(FIRST_ID, FIRST_ID + USERS))
    db = open_database(db_path)
    insert_subscribers(db, [(uid, morning_zone(now), due) for uid in ids], "x", kinds=KINDS)
    db.close()
    env = bot_environment(server.url, db_path, BULK_MESSAGES_PER_SECOND="0")
    try:
        for point in points:
            server.withhold_answers(after=point)
            async with BotProcess(env, tmp_path) as process:
                await process.serving()
                await server.wait_until(lambda: server.held >= DEFAULT_CONCURRENCY, HANG_GUARD)
                await process.kill()
            server.answer_held()
        assert integrity(db_path) == "ok"
        async with BotProcess(env, tmp_path) as process:
            await process.serving()
            await server.wait_until(
                lambda: all(server.acted[uid] >= len(KINDS) for uid in ids), HANG_GUARD
            )
            process.signal(signal.SIGTERM)
            assert await process.wait() == 0
        assert copies(server.acted, ids) == {len(KINDS): USERS}
        assert integrity(db_path) == "ok"
        db = open_database(db_path)
        per_user_kind = Counter(
            db.execute("SELECT user_id, kind FROM deliveries WHERE status != 'failed'").fetchall()
        )
        assert set(per_user_kind.values()) == {1}
        assert len(per_user_kind) == USERS * len(KINDS)
        statuses = Counter(dict(db.execute("SELECT status, count(*) FROM deliveries GROUP BY 1")))
        check_daily_records(statuses, messages, KILLS)
        db.close()
    finally:
        await server.stop()
