"""Keyboards of the admin tools."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callback_data import BroadcastTip, CancelBroadcast, ConfirmBroadcast


def broadcast_preview(broadcast_id: int, subscribers: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.broadcast_send_button(subscribers),
                    callback_data=ConfirmBroadcast(broadcast_id).encode(),
                ),
                InlineKeyboardButton(
                    texts.BROADCAST_CANCEL, callback_data=CancelBroadcast(broadcast_id).encode()
                ),
            ]
        ]
    )


def tip_added(tip_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(texts.ALSO_BROADCAST, callback_data=BroadcastTip(tip_id).encode())]]
    )
