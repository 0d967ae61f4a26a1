"""Keyboards of the daily tip and of its settings."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.core.keyboards import button, rows
from bot.core.texts import time_of_day
from bot.daily import texts
from bot.daily.buttons import ChangeTime, ChangeZone, PickZone, SetTime, SettingsTime, SetZone
from bot.daily.settings import COMMON_TIMES, COMMON_ZONES, zone_key
from bot.diary.buttons import LogCramp
from bot.knowledge import texts as knowledge_texts
from bot.knowledge.buttons import MoreTips


def daily_tip(tip_id: str, zone_choices: Sequence[str] = ()) -> InlineKeyboardMarkup:
    """The tip's buttons; `zone_choices` adds the one-time prompt's zones below them."""
    return InlineKeyboardMarkup(
        [
            [
                button(knowledge_texts.ANOTHER_TIP, MoreTips(tip_id)),
                button(texts.LOG_CRAMP, LogCramp()),
            ],
            [button(texts.CHANGE_TIME, ChangeTime())],
            *zone_rows(zone_choices),
        ]
    )


def zone_rows(choices: Sequence[str]) -> list[list[InlineKeyboardButton]]:
    """Suggested zones by their full names: a city alone can be in several countries."""
    return rows([button(zone, PickZone(zone_key(zone))) for zone in choices], 2)


def zone_choices(choices: Sequence[str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(zone_rows(choices))


def times(zone: str) -> InlineKeyboardMarkup:
    """Labelled on the clock people in `zone` read."""
    buttons = [
        button(time_of_day(at, zone), SetTime(at.hour * 60 + at.minute)) for at in COMMON_TIMES
    ]
    return InlineKeyboardMarkup(rows(buttons, 4))


def zones() -> InlineKeyboardMarkup:
    buttons = [
        button(zone.split("/")[-1].replace("_", " "), SetZone(zone_key(zone)))
        for zone in COMMON_ZONES
    ]
    return InlineKeyboardMarkup(rows(buttons, 3))


def share_location() -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [[KeyboardButton(texts.SHARE_LOCATION, request_location=True)]],
        resize_keyboard=True,
        one_time_keyboard=True,
    )


def settings() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(texts.CHANGE_TIME, SettingsTime()), button(texts.CHANGE_ZONE, ChangeZone())]]
    )
