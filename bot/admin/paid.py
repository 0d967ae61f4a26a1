"""Paid broadcasts: Telegram delivers up to 1,000 messages a second, not 30, for 0.1 Star
each, taken from the bot's Stars balance.

Off unless the operator sets PAID_BROADCASTS (paid broadcasts must also be enabled for
the bot in @BotFather). Then every broadcast is paid: the preview's send button shows the
cost, confirming checks the bot's balance first and refuses if it would not cover the
cost, and the runner checks again before it sends (a broadcast queued from the shell has
no confirmation, and the balance may have fallen since): one it cannot pay for goes out
at the free pace instead, so no message is refused for want of Stars.
"""

from __future__ import annotations

import logging
from decimal import Decimal

from telegram import Bot
from telegram.error import TelegramError

log = logging.getLogger(__name__)

STARS_PER_MESSAGE = Decimal("0.1")
NANOSTARS = Decimal(10**9)
SENDS_AT_ONCE = 32
"""Sends in flight for a paid broadcast: 1,000 a second at Telegram's round trip of
about 30 ms needs about 30 (the free pace needs only the bulk sender's few)."""


def cost(messages: int) -> Decimal:
    return STARS_PER_MESSAGE * messages


async def balance(bot: Bot) -> Decimal | None:
    """The bot's Stars balance, or None when Telegram cannot tell us now."""
    try:
        amount = await bot.get_my_star_balance()
    except TelegramError as exc:
        log.warning("could not read the bot's Stars balance: %s", exc)
        return None
    return amount.amount + Decimal(amount.nanostar_amount or 0) / NANOSTARS


def covers(stars: Decimal | None, messages: int) -> bool:
    return stars is not None and stars >= cost(messages)
