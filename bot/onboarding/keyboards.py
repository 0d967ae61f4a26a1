"""Onboarding's reply keyboards: their buttons send their label as a message, which the
pending question reads like anything typed (see `bot.onboarding.handlers`)."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import KeyboardButton, ReplyKeyboardMarkup

from bot.core.texts import time_of_day
from bot.daily.settings import COMMON_TIMES, COMMON_ZONES
from bot.onboarding import texts

CITY_ZONES = {texts.place(zone): zone for zone in COMMON_ZONES if "/" in zone}
"""The city buttons and the zones they set ('UTC' is what Skip keeps)."""


def labels() -> frozenset[str]:
    """Every fixed label of these keyboards (the times on either clock)."""
    times = {f"{at:%H:%M}" for at in COMMON_TIMES} | {
        time_of_day(at, "America/New_York") for at in COMMON_TIMES
    }
    return frozenset({texts.SKIP, *CITY_ZONES, *times})


def _rows(labels: Sequence[str], width: int) -> list[list[KeyboardButton]]:
    buttons = [KeyboardButton(label) for label in labels]
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def zones(choices: Sequence[str] = ()) -> ReplyKeyboardMarkup:
    """The common cities, or the zones a typed name may mean (by their full names)."""
    return ReplyKeyboardMarkup(
        [
            [KeyboardButton(texts.SHARE_LOCATION, request_location=True)],
            *_rows(list(choices) or list(CITY_ZONES), 2 if choices else 3),
            [KeyboardButton(texts.SKIP)],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
        input_field_placeholder=texts.ZONE_PLACEHOLDER,
    )


def times(zone: str) -> ReplyKeyboardMarkup:
    return ReplyKeyboardMarkup(
        [
            *_rows([time_of_day(at, zone) for at in COMMON_TIMES], 4),
            [KeyboardButton(texts.SKIP)],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
        input_field_placeholder=texts.TIME_PLACEHOLDER,
    )
