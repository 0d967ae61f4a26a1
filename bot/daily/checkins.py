"""Where the morning check-in meets the diary's save path: an entry logged from the
check-in's "Yes" is filed "during the night", and the check-in is offered once, after
the first cramp a user logs."""

from __future__ import annotations

from bot.context import BotContext
from bot.daily import keyboards, texts
from bot.daily.kinds import Kind
from bot.diary import logic as diary
from bot.diary.store import Entry
from bot.diary.vocabulary import WhenKind


def file_for_checkin(context: BotContext, entry: Entry, flow_message_id: int) -> Entry:
    """A new entry saved on a flow the check-in opened happened during the night."""
    if context.checkins.night_of_flow(entry.user_id, flow_message_id) is None:
        return entry
    zone = context.user_zone(entry.user_id)
    refined = diary.refine_when(context.diary, entry.user_id, entry.id, WhenKind.NIGHT, zone)
    return refined or entry


async def offer_checkin(context: BotContext, user_id: int) -> None:
    """Once per user, after their first cramp logged, unless the check-in is on already."""
    if context.diary.count(user_id) != 1:
        return
    if not context.schedules.offer_once(user_id, Kind.CHECKIN, context.clock.now()):
        return
    await context.bot.send_message(
        user_id, texts.CHECKIN_OFFER, reply_markup=keyboards.checkin_offer()
    )
