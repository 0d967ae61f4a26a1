"""One bot per database: the lock's rules, and two real processes on one database."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from bot.core.database import open_database
from bot.core.instance_lock import TTL, InstanceLock
from tests.bot_process import HANG_GUARD, BotProcess, bot_environment
from tests.fake_bot_api import FakeBotApi, FakeUser
from tests.support import FakeClock


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "bot.sqlite3")
    yield database
    database.close()


def lock(
    db: Database, clock: FakeClock, host: str = "host-a", pid: int = 100, alive: bool = True
) -> InstanceLock:
    return InstanceLock(db, clock, hostname=host, pid=pid, alive=lambda _pid: alive)


def test_first_start_takes_the_lock_and_clean_stop_releases_it(db: Database) -> None:
    clock = FakeClock()
    first = lock(db, clock)
    assert first.acquire() == (True, None)
    holder = first.holder()
    assert holder is not None
    assert (holder.hostname, holder.pid, holder.started_at) == ("host-a", 100, clock.now())
    first.release()
    assert first.holder() is None
    assert lock(db, clock, pid=101).acquire() == (True, None)


def test_a_live_process_on_the_same_host_is_refused(db: Database) -> None:
    clock = FakeClock()
    lock(db, clock, pid=100).acquire()
    acquired, holder = lock(db, clock, pid=200, alive=True).acquire()
    assert not acquired
    assert holder is not None and holder.pid == 100


def test_a_dead_pid_on_the_same_host_is_taken_over_at_once(db: Database) -> None:
    clock = FakeClock()
    lock(db, clock, pid=100).acquire()
    acquired, previous = lock(db, clock, pid=200, alive=False).acquire()
    assert acquired
    assert previous is not None and previous.pid == 100


def test_our_own_pid_in_the_row_is_an_earlier_run_of_us(db: Database) -> None:
    """Containers start the bot as pid 1 every time: that pid is alive, and it is us."""
    clock = FakeClock()
    lock(db, clock, pid=1).acquire()
    assert lock(db, clock, pid=1, alive=True).acquire()[0]


def test_another_host_is_live_until_its_heartbeat_is_older_than_the_ttl(db: Database) -> None:
    clock = FakeClock()
    other = lock(db, clock, host="host-b", pid=100)
    other.acquire()
    clock.advance(seconds=TTL.total_seconds() - 10)
    assert other.heartbeat()
    clock.advance(seconds=TTL.total_seconds() - 1)
    assert not lock(db, clock, host="host-a", pid=100).acquire()[0]
    clock.advance(seconds=2)
    assert lock(db, clock, host="host-a", pid=100).acquire()[0]
    assert not other.heartbeat(), "the old holder learns it lost the lock"


def test_a_live_pid_with_a_stale_heartbeat_is_a_reused_pid(db: Database) -> None:
    clock = FakeClock()
    lock(db, clock, pid=100).acquire()
    clock.advance(seconds=TTL.total_seconds() + 1)
    assert lock(db, clock, pid=200, alive=True).acquire()[0]


def test_release_leaves_someone_elses_lock_alone(db: Database) -> None:
    clock = FakeClock()
    first = lock(db, clock, pid=100)
    first.acquire()
    lock(db, clock, pid=200, alive=False).acquire()
    first.release()
    holder = first.holder()
    assert holder is not None and holder.pid == 200


@pytest.mark.slow
async def test_a_second_process_is_refused_and_a_killed_one_is_replaced(
    server: FakeBotApi, tmp_path: Path
) -> None:
    db_path = tmp_path / "data" / "bot.sqlite3"
    env = bot_environment(server.url, db_path)
    async with BotProcess(env, tmp_path) as first:
        await first.serving()
        async with BotProcess(env, tmp_path) as second:
            assert await second.wait() == 2
        lines = second.output.strip().splitlines()
        assert len(lines) == 1, second.output
        assert lines[0].startswith("Refused: the bot already runs on this database")
        assert f"pid {first.pid}" in lines[0]

        since = len(server.requests)
        server.inject_message(FakeUser(1001), "/help")
        await server.wait_for(lambda r: r.method == "sendMessage", since=since, within=HANG_GUARD)

        await first.kill()
        since = len(server.requests)
        async with BotProcess(env, tmp_path) as third:
            # Serving first: PTB cannot stop cleanly on a signal that lands while its
            # start-up requests are in flight.
            await third.serving()
            server.inject_message(FakeUser(1001), "/help")
            await server.wait_for(
                lambda r: r.method == "sendMessage", since=since, within=HANG_GUARD
            )
            third.signal(signal.SIGTERM)
            assert await third.wait() == 0
        assert "took over the instance lock" in third.output
        assert f"pid {first.pid}" in third.output
    released = open_database(db_path)
    assert released.execute("SELECT count(*) FROM instance_lock").fetchone()[0] == 0
    released.close()
