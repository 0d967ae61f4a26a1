"""Helpers for the daily-tip tests: subscribing users and running the job."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.config import Config
from bot.daily.job import JOB
from tests.fake_bot_api import FakeUser, Recorded
from tests.support import Driver

TIP_HEADER = "Your tip for today"


def unpaced(config: Config) -> Config:
    """Bulk pacing off. It runs on real time (one message a second per chat), while tests
    that move the fake clock through days in milliseconds would have each scheduled
    message to a chat that had one a moment before wait a real second. Pacing has its own
    tests (tests/test_daily_sending_e2e.py, tests/test_ratelimit.py)."""
    return config.model_copy(update={"bulk_messages_per_second": 0})


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


async def subscribe(bot: Driver, user: FakeUser, zone: str, at: str) -> None:
    await bot.send(user, "/start")
    assert "Done" in (await bot.send(user, f"/timezone {zone}")).text
    assert "Done" in (await bot.send(user, f"/time {at}")).text


async def run_job(bot: Driver) -> None:
    assert bot.app.job_queue is not None
    (job,) = bot.app.job_queue.get_jobs_by_name(JOB.name)
    await job.run(bot.app)


def tips_to(bot: Driver, user: FakeUser, since: int = 0) -> list[Recorded]:
    return [r for r in bot.server.sent_to(user.id, since) if TIP_HEADER in r.text]


def next_tip_at(bot: Driver, user: FakeUser, kind: str = "tip") -> str | None:
    row = bot.db.execute(
        "SELECT next_due_at FROM schedules WHERE user_id = ? AND kind = ?", [user.id, kind]
    ).fetchone()
    return row[0] if row else None


def deliveries(bot: Driver, user: FakeUser) -> list[tuple[str, str]]:
    return [
        (row["local_date"], row["status"])
        for row in bot.db["deliveries"].rows_where("user_id = ?", [user.id], order_by="id")
    ]
