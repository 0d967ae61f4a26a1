"""Onboarding as `build_application` wires it: /start (in `bot.account`) begins it, and
its steps are answered as typed answers, so it has no commands or buttons of its own."""

from __future__ import annotations

from bot.core.buttons import ButtonRoutes
from bot.core.feature import Feature
from bot.onboarding.handlers import PROMPTS

FEATURE = Feature(name="onboarding", handlers=(), buttons=ButtonRoutes(), prompts=PROMPTS)
