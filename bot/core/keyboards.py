"""The one way every feature builds an inline button, and lays buttons out in rows."""

from __future__ import annotations

from telegram import InlineKeyboardButton

from bot.core.buttons import CallbackData


def button(label: str, data: CallbackData) -> InlineKeyboardButton:
    """Every inline button of the bot: its data always goes through the codec."""
    return InlineKeyboardButton(label, callback_data=data.encode())


def rows(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]
