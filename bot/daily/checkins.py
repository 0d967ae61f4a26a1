"""Where the morning check-in meets the diary: the check-in is offered once, after the
first cramp a user logs; and a "no cramps tonight" said before the night is over gets
the check-in's question the next morning."""

from __future__ import annotations

from datetime import date, datetime

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


def ask_about_night(context: BotContext, user_id: int, night: date) -> datetime | None:
    """The check-in's question on the morning `night` ends, once, for a user who said
    "no cramps" before it was over: only that morning can tell. The daily check-in stays
    as it was (on: that is the one; off: it stays off). None when it cannot come (a
    pause, or the check-in's time that morning already past)."""
    context.ensure_user(user_id)
    return context.schedules.ask_once(user_id, Kind.CHECKIN, night, context.clock.now())
