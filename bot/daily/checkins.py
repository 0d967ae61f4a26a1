"""Where the morning check-in meets the diary's save path: the check-in is offered once,
after the first cramp a user logs."""

from __future__ import annotations

from bot.context import BotContext
from bot.daily import keyboards, texts
from bot.daily.kinds import Kind


async def offer_checkin(context: BotContext, user_id: int) -> None:
    """Once per user, after their first cramp is logged (Done, or a minute later), unless
    the check-in is on already."""
    if context.diary.count(user_id) != 1:
        return
    if not context.schedules.offer_once(user_id, Kind.CHECKIN, context.clock.now()):
        return
    await context.bot.send_message(
        user_id, texts.CHECKIN_OFFER, reply_markup=keyboards.checkin_offer()
    )
