"""Onboarding as `build_application` wires it: /start (in `bot.account`) begins it, and
its steps are answered as typed answers, so it has no commands or buttons of its own."""

from __future__ import annotations

from telegram.ext import MessageHandler, filters

from bot.core.buttons import ButtonRoutes
from bot.core.feature import Feature
from bot.core.replies import PRIVATE_MESSAGE
from bot.onboarding import handlers, keyboards

FEATURE = Feature(
    name="onboarding",
    handlers=(
        MessageHandler(
            PRIVATE_MESSAGE & filters.Text(sorted(keyboards.labels())), handlers.stale_keyboard
        ),
    ),
    buttons=ButtonRoutes(),
    prompts=handlers.PROMPTS,
)
