"""Keyboards of the admin tools."""

from __future__ import annotations

from decimal import Decimal

from telegram import InlineKeyboardMarkup

from bot.admin import texts
from bot.admin.buttons import BroadcastTip, CancelBroadcast, ConfirmBroadcast
from bot.core import texts as core_texts
from bot.core.keyboards import button
from bot.knowledge.buttons import ShowList


def broadcast_preview(
    broadcast_id: int, subscribers: int, cost: Decimal | None = None
) -> InlineKeyboardMarkup:
    """`cost`: in Stars, for a paid broadcast (shown on the send button)."""
    send = (
        texts.broadcast_send_button(subscribers)
        if cost is None
        else texts.paid_broadcast_send_button(subscribers, cost)
    )
    return InlineKeyboardMarkup(
        [
            [
                button(send, ConfirmBroadcast(broadcast_id)),
                button(texts.BROADCAST_CANCEL, CancelBroadcast(broadcast_id)),
            ]
        ]
    )


def tip_added(tip_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(texts.ALSO_BROADCAST, BroadcastTip(tip_id))]])


def back_to_tips() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(core_texts.BACK, ShowList("tips"))]])
