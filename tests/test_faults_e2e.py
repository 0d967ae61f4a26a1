"""Telegram misbehaving: 429s, 500s, dropped connections and slow answers.

The rule under test: a fault Telegram did not act on is retried until the message goes
out, and one it may have acted on (the request went out, the answer never came) is
never resent. Either way every user ends up with exactly one copy, counted by the fake
server as the sendMessage calls it acted on. Pacing is off, and retry waits and
backoffs go through the fake clock; only the slow answers take real time (30 ms).
FAULT_USERS sets the size of the crowd the two big runs send to (2,000 by default).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any

import pytest

from bot.admin.broadcast_store import BroadcastStore
from bot.config import Config
from bot.core.sending import NO_ANSWER
from bot.daily.store import DeliveryStore
from tests.admin_support import run_pick_up_job
from tests.daily_support import run_job
from tests.fake_bot_api import FakeBotApi, Fault, FaultPlan
from tests.fault_support import copies, seed_subscribers
from tests.support import Driver, FakeClock, running_bot, size_from_environment

CROWD = size_from_environment("FAULT_USERS", 2_000, minimum=1_000)
FAULTS_OF_EACH_KIND = CROWD // 100
"""At least this many of each kind are drawn (10% of sends, four kinds): each is exercised."""
MAX_RUNS = 5


@pytest.fixture
def config(config: Config) -> Config:
    return config.model_copy(update={"bulk_messages_per_second": 0})


async def run_daily_until_done(bot: Driver) -> int:
    """The job runs every minute in production: run it until nobody is left due."""
    store = DeliveryStore(bot.db)
    for runs in range(1, MAX_RUNS + 1):
        await run_job(bot)
        if not store.due(bot.clock.now(), limit=1):
            return runs
    raise AssertionError(f"users still due after {MAX_RUNS} runs")


def queue_broadcast(bot: Driver, text: str) -> int:
    """As the admin's confirm (or the shell) leaves it: queued, for the runner to pick up."""
    return BroadcastStore(bot.db).queue(text, "test", bot.clock.now())


def deliveries_by_status(bot: Driver) -> dict[str, int]:
    rows = bot.db.execute("SELECT status, count(*) FROM deliveries GROUP BY status").fetchall()
    return dict(rows)


def recipients_by_status(bot: Driver, broadcast_id: int) -> dict[str, int]:
    rows = bot.db.execute(
        "SELECT status, count(*) FROM broadcast_recipients WHERE broadcast_id = ? GROUP BY status",
        [broadcast_id],
    ).fetchall()
    return dict(rows)


@pytest.mark.slow
async def test_a_daily_run_to_a_crowd_with_10_percent_faults_delivers_once_each(
    bot: Driver,
) -> None:
    ids = seed_subscribers(bot.db, CROWD, bot.clock.now())
    plan = FaultPlan(rate=0.1, seed=11)
    bot.server.fault_plan = plan
    await run_daily_until_done(bot)
    assert min(plan.injected[kind] for kind in Fault) >= FAULTS_OF_EACH_KIND, plan.injected
    assert copies(bot.server.acted, ids) == {1: CROWD}
    assert deliveries_by_status(bot) == {"sent": CROWD}
    unconfirmed = bot.db.execute("SELECT count(*) FROM deliveries WHERE message_id IS NULL")
    assert unconfirmed.fetchone()[0] == 0


@pytest.mark.slow
async def test_a_broadcast_to_a_crowd_with_10_percent_faults_delivers_once_each(
    bot: Driver,
) -> None:
    ids = seed_subscribers(bot.db, CROWD, bot.clock.now().replace(year=2027))
    plan = FaultPlan(rate=0.1, seed=12)
    bot.server.fault_plan = plan
    broadcast_id = queue_broadcast(bot, "Clinic closed on Friday.")
    await run_pick_up_job(bot.app)
    assert min(plan.injected[kind] for kind in Fault) >= FAULTS_OF_EACH_KIND, plan.injected
    assert copies(bot.server.acted, ids) == {1: CROWD}
    assert recipients_by_status(bot, broadcast_id) == {"sent": CROWD}
    row = bot.db["broadcasts"].get(broadcast_id)
    assert (row["status"], row["sent"], row["unknown"]) == ("done", CROWD, 0)


@pytest.mark.parametrize("kind", list(Fault))
async def test_each_fault_kind_alone_still_delivers_once(bot: Driver, kind: Fault) -> None:
    """The first two sends fail (or, for SLOW, answer late): nobody is missed or doubled."""
    ids = seed_subscribers(bot.db, 3, bot.clock.now())
    bot.server.fault_plan = FaultPlan(rate=1.0, kinds=(kind,), limit=2)
    await run_daily_until_done(bot)
    assert copies(bot.server.acted, ids) == {1: 3}
    attempts = len([r for r in bot.server.requests if r.method == "sendMessage"])
    assert attempts == (3 if kind is Fault.SLOW else 5)
    assert deliveries_by_status(bot) == {"sent": 3}


async def test_a_daily_tip_whose_answer_never_comes_is_recorded_once_not_resent(
    bot: Driver, caplog: pytest.LogCaptureFixture
) -> None:
    """Telegram stored the message but answered after the bot's read timeout."""
    (uid,) = seed_subscribers(bot.db, 1, bot.clock.now())
    bot.app.bot_data.sender.read_timeout = 0.1
    bot.server.fault_plan = FaultPlan(rate=1.0, kinds=(Fault.SLOW,), slow_seconds=0.5, limit=1)
    report = await bot.app.bot_data.scheduler.run()
    assert report is not None and report.counts == {"unconfirmed": 1}
    await run_daily_until_done(bot)
    assert bot.server.acted[uid] == 1
    (row,) = bot.db["deliveries"].rows
    assert (row["status"], row["message_id"]) == ("sent", None)
    assert any("no answer from Telegram" in r.getMessage() for r in caplog.records)


async def test_a_broadcast_message_whose_answer_never_comes_is_unconfirmed_not_resent(
    bot: Driver,
) -> None:
    ids = seed_subscribers(bot.db, 3, bot.clock.now().replace(year=2027))
    bot.app.bot_data.sender.read_timeout = 0.1
    bot.server.fault_plan = FaultPlan(rate=1.0, kinds=(Fault.SLOW,), slow_seconds=0.5, limit=1)
    broadcast_id = queue_broadcast(bot, "Late answer.")
    await run_pick_up_job(bot.app)
    assert copies(bot.server.acted, ids) == {1: 3}
    assert recipients_by_status(bot, broadcast_id) == {"sent": 2, "unknown": 1}
    (late,) = bot.db["broadcast_recipients"].rows_where("status = 'unknown'")
    assert late["user_id"] == ids[0] and late["error"] == NO_ANSWER
    row = bot.db["broadcasts"].get(broadcast_id)
    assert (row["sent"], row["unknown"]) == (2, 1)


async def test_a_crash_mid_daily_run_leaves_no_claim_on_users_still_waiting_for_a_slot(
    config: Config, server: FakeBotApi, clock: FakeClock
) -> None:
    """Paced, as in production: the day is claimed once the send has its rate slot.

    The run dies the moment Telegram receives the third tip. Users queued behind it
    for a slot must hold no claim, or the restart would take them as served and they
    would lose the day's tip; the one on the wire has it, and is not sent it again.
    """
    paced = config.model_copy(update={"bulk_messages_per_second": 30})
    async with running_bot(paced, server, clock) as bot:
        ids = seed_subscribers(bot.db, 8, clock.now())
        run = asyncio.create_task(bot.app.bot_data.scheduler.run())

        def crash(method: str, params: dict[str, Any]) -> None:
            if method == "sendMessage" and int(params["chat_id"]) == ids[2]:
                run.cancel()

        server.fault_hooks.append(crash)
        with contextlib.suppress(asyncio.CancelledError):
            await run
        server.fault_hooks.remove(crash)
        claims = {row["user_id"]: row["status"] for row in bot.db["deliveries"].rows}
        assert claims[ids[2]] == "sending"
        assert not claims.keys() & set(ids[3:])

    async with running_bot(paced, server, clock) as bot:
        await run_daily_until_done(bot)
        assert copies(server.acted, ids) == {1: 8}


class WatchedClock(FakeClock):
    """A fake clock that runs `on_sleep` whenever the bot waits (a retry backoff or a pause)."""

    def __init__(self) -> None:
        super().__init__()
        self.on_sleep: Callable[[], None] = lambda: None

    async def sleep(self, seconds: float) -> None:
        self.on_sleep()
        await super().sleep(seconds)


def claims_held(bot: Driver) -> int:
    sql = (
        "SELECT (SELECT count(*) FROM deliveries WHERE status = 'sending') + "
        "(SELECT count(*) FROM broadcast_recipients WHERE status = 'sending')"
    )
    return int(bot.db.execute(sql).fetchone()[0])


@pytest.mark.parametrize("kind", [Fault.RETRY_AFTER, Fault.SERVER_ERROR, Fault.DROP])
@pytest.mark.parametrize("run", ["daily", "broadcast"])
async def test_no_claim_is_held_while_waiting_to_retry_a_refused_send(
    config: Config, server: FakeBotApi, kind: Fault, run: str
) -> None:
    """A kill -9 during a retry wait must not leave the message claimed but never sent."""
    clock = WatchedClock()
    async with running_bot(config, server, clock) as bot:
        due = clock.now() if run == "daily" else clock.now().replace(year=2027)
        (uid,) = seed_subscribers(bot.db, 1, due)
        server.fault_plan = FaultPlan(rate=1.0, kinds=(kind,), limit=1)
        held_during_waits: list[int] = []
        clock.on_sleep = lambda: held_during_waits.append(claims_held(bot))
        if run == "daily":
            await run_daily_until_done(bot)
        else:
            queue_broadcast(bot, "Wait for it.")
            await run_pick_up_job(bot.app)
        assert held_during_waits and set(held_during_waits) == {0}
        assert server.acted[uid] == 1
        assert claims_held(bot) == 0
