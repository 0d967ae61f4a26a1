from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.config import DEFAULT_CONTENT_DIR, Config, load_config
from bot.knowledge.content import Catalogue, load_catalogue
from tests.fake_bot_api import FakeBotApi, FakeUser
from tests.support import TOKEN, Driver, FakeClock, running_bot


@pytest.fixture(scope="session", autouse=True)
def no_trusted_certificates(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """An empty trust store (an empty SSL_CERT_DIR, which httpx reads) for the bots built in
    the test process: each Application's HTTP clients load the trusted certificates, about
    50 ms a bot, and these bots only ever talk plain HTTP to the fake server. Child
    processes get their own environment (`tests.bot_process.bot_environment`)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SSL_CERT_FILE", raising=False)
        patch.setenv("SSL_CERT_DIR", str(tmp_path_factory.mktemp("no-certificates")))
        yield


@pytest.fixture
async def server() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi()
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "bot.sqlite3"


@pytest.fixture
def config(server: FakeBotApi, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Config:
    monkeypatch.chdir(db_path.parent.parent)
    return load_config(
        telegram_bot_token=TOKEN,
        telegram_api_url=server.url,
        database_path=db_path,
        admin_ids="42,43",
    )


@pytest.fixture
async def bot(config: Config, server: FakeBotApi, clock: FakeClock) -> AsyncIterator[Driver]:
    async with running_bot(config, server, clock) as driver:
        yield driver


@pytest.fixture
def alice() -> FakeUser:
    return FakeUser(1001, "Alice")


@pytest.fixture
def bob() -> FakeUser:
    return FakeUser(1002, "Bob")


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(DEFAULT_CONTENT_DIR)
