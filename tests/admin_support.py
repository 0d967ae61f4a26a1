"""Helpers for the admin-tools tests: two admins (ids from the `config` fixture) and a crowd."""

from __future__ import annotations

from bot.context import BotApplication
from tests.fake_bot_api import FakeUser, Recorded
from tests.support import Driver

ADA = FakeUser(42, "Ada")
GRACE = FakeUser(43, "Grace")


def crowd(size: int, first_id: int = 2001) -> list[FakeUser]:
    return [FakeUser(first_id + n, f"User{n}") for n in range(size)]


async def subscribe(bot: Driver, users: list[FakeUser]) -> None:
    for user in users:
        await bot.send(user, "/start")


async def preview(bot: Driver, admin: FakeUser, command: str) -> Recorded:
    """Send /broadcast and return the preview message (the one with the buttons)."""
    since = bot.mark()
    bot.server.inject_message(admin, command)
    return await bot.server.wait_for(
        lambda r: r.method == "sendMessage" and r.chat_id == admin.id and bool(r.buttons),
        since=since,
    )


async def finish_broadcasts(bot: Driver) -> None:
    """Once every update is handled, any confirmed broadcast has started: wait for it."""
    await bot.settle()
    await bot.app.bot_data.broadcaster.wait()


async def run_pick_up_job(app: BotApplication) -> None:
    assert app.job_queue is not None
    (job,) = app.job_queue.get_jobs_by_name("broadcasts")
    await job.run(app)
    await app.bot_data.broadcaster.wait()


def received(bot: Driver, user: FakeUser, text: str) -> int:
    """How many messages with exactly this text the user got."""
    return sum(1 for r in bot.server.sent_to(user.id) if r.params.get("text") == text)
