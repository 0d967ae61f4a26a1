"""Getting a new user through the first /start, and answering questions, in tests."""

from __future__ import annotations

import time
from typing import Any

from bot.onboarding import texts
from tests.fake_bot_api import BOT_USER, FakeUser, Recorded
from tests.support import Driver


async def start_with_defaults(bot: Driver, user: FakeUser) -> Recorded:
    """/start, then Skip at both steps: the old first /start. Returns the last message."""
    await bot.send(user, "/start")
    await bot.send(user, texts.SKIP)
    return await bot.send(user, texts.SKIP)


def reply_to(user: FakeUser, message: Recorded | int) -> dict[str, Any]:
    """What Telegram puts in `reply_to_message` when the user replies to our message."""
    message_id = message.message_id if isinstance(message, Recorded) else message
    return {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": {"id": user.id, "type": "private", "first_name": user.first_name},
        "from": BOT_USER,
        "text": "…",
    }
