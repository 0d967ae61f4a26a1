"""A chat removed from ADMIN_IDS loses the admin command menu at the next start
(issue 11, item 18)."""

from __future__ import annotations

from pathlib import Path

from bot.config import Config, load_config
from tests.fake_bot_api import FakeBotApi, Recorded, TelegramFault
from tests.support import TOKEN, FakeClock, running_bot


def with_admins(server: FakeBotApi, db_path: Path, admin_ids: str) -> Config:
    return load_config(
        telegram_bot_token=TOKEN,
        telegram_api_url=server.url,
        database_path=db_path,
        admin_ids=admin_ids,
    )


def withdrawn(server: FakeBotApi, since: int) -> list[Recorded]:
    return server.calls("deleteMyCommands", since=since)


async def test_a_removed_admin_loses_the_admin_menu(
    config: Config, server: FakeBotApi, clock: FakeClock, db_path: Path
) -> None:
    async with running_bot(config, server, clock):  # admins 42 and 43 get the menu
        pass
    assert withdrawn(server, 0) == []

    since = len(server.requests)
    async with running_bot(with_admins(server, db_path, "42"), server, clock):
        pass
    (withdrawal,) = withdrawn(server, since)
    assert withdrawal.params["scope"] == {"type": "chat", "chat_id": 43}
    menus = [
        c.params["scope"]["chat_id"]
        for c in server.calls("setMyCommands", since=since)
        if "scope" in c.params
    ]
    assert menus == [42]

    since = len(server.requests)
    async with running_bot(with_admins(server, db_path, "42"), server, clock):
        pass
    assert withdrawn(server, since) == [], "withdrawn once, not at every start"

    since = len(server.requests)
    async with running_bot(with_admins(server, db_path, "42,43"), server, clock):
        pass
    assert withdrawn(server, since) == []
    async with running_bot(with_admins(server, db_path, ""), server, clock):
        pass
    assert sorted(c.params["scope"]["chat_id"] for c in withdrawn(server, since)) == [42, 43]


async def test_a_failed_withdrawal_is_tried_again_at_the_next_start(
    config: Config, server: FakeBotApi, clock: FakeClock, db_path: Path
) -> None:
    async with running_bot(config, server, clock):
        pass

    def unreachable(method: str, params: dict) -> None:
        if method == "deleteMyCommands":
            raise TelegramFault(500, "Internal Server Error")

    server.fault_hooks.append(unreachable)
    async with running_bot(with_admins(server, db_path, "42"), server, clock):
        pass
    server.fault_hooks.remove(unreachable)
    since = len(server.requests)
    async with running_bot(with_admins(server, db_path, "42"), server, clock):
        pass
    (withdrawal,) = withdrawn(server, since)
    assert withdrawal.params["scope"] == {"type": "chat", "chat_id": 43}
