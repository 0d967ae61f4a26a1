"""What a person sees before pressing Start: the bot's description and short description.

They are set at every start, but only when Telegram holds other texts: each set is a
request that Telegram rate-limits, and nothing needs doing when nothing changed.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot
from telegram.error import TelegramError

from bot.account import texts

log = logging.getLogger(__name__)


async def update_profile(bot: Bot) -> None:
    """A failure is logged and the bot starts anyway: the texts are a nicety. The two are
    independent, so they go side by side: the bot reads its first update a round trip
    to Telegram sooner."""
    await asyncio.gather(_description(bot), _short_description(bot))


async def _description(bot: Bot) -> None:
    try:
        current = await bot.get_my_description()
        if current.description != texts.DESCRIPTION:
            await bot.set_my_description(texts.DESCRIPTION)
            log.info("bot description updated")
    except TelegramError as exc:
        log.warning("could not update the bot's description: %s", exc)


async def _short_description(bot: Bot) -> None:
    try:
        current = await bot.get_my_short_description()
        if current.short_description != texts.SHORT_DESCRIPTION:
            await bot.set_my_short_description(texts.SHORT_DESCRIPTION)
            log.info("bot short description updated")
    except TelegramError as exc:
        log.warning("could not update the bot's short description: %s", exc)
