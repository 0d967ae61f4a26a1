"""Keyboards of the daily tip and of its settings."""

from __future__ import annotations

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot import texts
from bot.callback_data import (
    AnotherTip,
    CallbackData,
    ChangeTime,
    ChangeZone,
    LogCramp,
    SetTime,
    SetZone,
)
from bot.daily_settings import COMMON_TIMES, COMMON_ZONES, zone_key


def _button(label: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data.encode())


def _rows(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def daily_tip(tip_id: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [_button(texts.ANOTHER_TIP, AnotherTip(tip_id)), _button(texts.LOG_CRAMP, LogCramp())],
            [_button(texts.CHANGE_TIME, ChangeTime())],
        ]
    )


def times() -> InlineKeyboardMarkup:
    buttons = [_button(f"{at:%H:%M}", SetTime(at.hour * 60 + at.minute)) for at in COMMON_TIMES]
    return InlineKeyboardMarkup(_rows(buttons, 4))


def zones() -> InlineKeyboardMarkup:
    buttons = [
        _button(zone.split("/")[-1].replace("_", " "), SetZone(zone_key(zone)))
        for zone in COMMON_ZONES
    ]
    return InlineKeyboardMarkup(_rows(buttons, 3))


def share_location() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [[KeyboardButton(texts.SHARE_LOCATION, request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def settings() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[_button(texts.CHANGE_TIME, ChangeTime()), _button(texts.CHANGE_ZONE, ChangeZone())]]
    )
