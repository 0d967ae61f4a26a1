"""The knowledge feature as `build_application` wires it."""

from __future__ import annotations

from bot.core.feature import Feature
from bot.core.replies import command
from bot.knowledge import handlers
from bot.knowledge.buttons import ROUTES

FEATURE = Feature(
    name="knowledge",
    handlers=(
        command("causes", handlers.causes),
        command("tips", handlers.tips),
        command("about", handlers.about),
    ),
    buttons=ROUTES,
)
