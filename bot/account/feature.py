"""The account feature as `build_application` wires it."""

from __future__ import annotations

from bot.account import handlers
from bot.account.buttons import ROUTES
from bot.core.feature import Feature
from bot.core.replies import command

FEATURE = Feature(
    name="account",
    handlers=(
        command("start", handlers.start),
        command("help", handlers.help_command),
        command("stop", handlers.stop),
        command("privacy", handlers.privacy),
        command("feedback", handlers.feedback),
        command("forget", handlers.forget),
    ),
    buttons=ROUTES,
)
