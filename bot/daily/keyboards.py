"""Keyboards of the daily tip and of its settings."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)

from bot.core import texts as core_texts
from bot.core.keyboards import button, rows
from bot.core.schedule import EVERY_DAY, WEEKDAYS
from bot.core.texts import time_of_day
from bot.daily import texts
from bot.daily.buttons import (
    ChangeTime,
    ChangeZone,
    CheckinAnswer,
    CheckinOffer,
    PauseLength,
    PickZone,
    SetTime,
    SettingsDays,
    SettingsPause,
    SettingsResume,
    SettingsSetTime,
    SettingsSilent,
    SettingsSwitch,
    SettingsTimeOf,
    SettingsView,
    SettingsWeekday,
    SetZone,
)
from bot.daily.kinds import Kind
from bot.daily.schedules import Schedule
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


KIND_TIMES: dict[Kind, tuple[time, ...]] = {
    Kind.TIP: COMMON_TIMES,
    Kind.CHECKIN: tuple(time(h, m) for h in (6, 7, 8, 9) for m in (0, 30)),
    Kind.BEDTIME: tuple(time(h, m) for h in (20, 21, 22, 23) for m in (0, 30)),
    Kind.WEEKLY: (time(8), time(9), time(10), time(12), time(17), time(18), time(19), time(20)),
}
"""The times the settings picker offers; any other is one command away."""


def _switch(schedule: Schedule) -> InlineKeyboardButton:
    name = texts.KIND_NAMES[schedule.kind]
    if schedule.enabled:
        return button(f"{name}: on ✅", SettingsSwitch(schedule.kind, "off"))
    return button(f"{name}: off", SettingsSwitch(schedule.kind, "on"))


def _silent(schedule: Schedule) -> InlineKeyboardButton:
    if schedule.silent:
        return button("🔕", SettingsSilent(schedule.kind, "off"))
    return button("🔔", SettingsSilent(schedule.kind, "on"))


def settings(schedules: dict[Kind, Schedule], paused: bool) -> InlineKeyboardMarkup:
    """The one settings message: a row per kind (on/off, its time, silent or not).

    A time is offered for a kind that is off too: choosing one turns it on."""
    keyboard = []
    for kind, schedule in schedules.items():
        row = [_switch(schedule), button(f"⏰ {schedule.local_time:%H:%M}", SettingsTimeOf(kind))]
        if schedule.enabled:
            row.append(_silent(schedule))
        keyboard.append(row)
        if kind is Kind.TIP and schedule.enabled:
            keyboard.append([button(f"📅 {texts.days_label(schedule.days)}", SettingsView("days"))])
        if kind is Kind.WEEKLY and schedule.enabled:
            keyboard.append(
                [button(f"📅 {texts.weekly_day(schedule.days)}", SettingsView("weekday"))]
            )
    keyboard.append(
        [
            button(texts.RESUME_BUTTON, SettingsResume())
            if paused
            else button(texts.PAUSE_BUTTON, SettingsView("pause")),
            button(texts.ZONE_BUTTON, ChangeZone()),
        ]
    )
    return InlineKeyboardMarkup(keyboard)


def _back() -> list[InlineKeyboardButton]:
    return [button(core_texts.BACK, SettingsView("main"))]


def kind_times(kind: Kind) -> InlineKeyboardMarkup:
    """The time picker, inside the settings message."""
    buttons = [
        button(f"{at:%H:%M}", SettingsSetTime(kind, at.hour * 60 + at.minute))
        for at in KIND_TIMES[kind]
    ]
    return InlineKeyboardMarkup([*rows(buttons, 4), _back()])


def _mark(label: str, chosen: bool) -> str:
    return core_texts.CHOSEN + label if chosen else label


def days(current: int) -> InlineKeyboardMarkup:
    """Every day, weekdays, or a toggle per day of the week."""
    presets = [
        button(_mark(texts.DAYS_EVERY, current == EVERY_DAY), SettingsDays(EVERY_DAY)),
        button(_mark(texts.DAYS_WEEKDAYS, current == WEEKDAYS), SettingsDays(WEEKDAYS)),
    ]
    toggles = [
        button(
            _mark(texts.WEEKDAY_SHORT[day], bool(current >> day & 1)),
            SettingsDays(current ^ 1 << day),
        )
        for day in range(7)
    ]
    return InlineKeyboardMarkup([presets, *rows(toggles, 4), _back()])


def weekdays(current: int) -> InlineKeyboardMarkup:
    choices = [
        button(_mark(texts.WEEKDAY_SHORT[day], bool(current >> day & 1)), SettingsWeekday(day))
        for day in range(7)
    ]
    return InlineKeyboardMarkup([*rows(choices, 4), _back()])


def pause_lengths() -> InlineKeyboardMarkup:
    lengths: tuple[PauseLength, ...] = ("3d", "1w", "2w", "open")
    choices = [button(texts.PAUSE_LABELS[length], SettingsPause(length)) for length in lengths]
    return InlineKeyboardMarkup([*rows(choices, 2), _back()])


def checkin(night: date) -> InlineKeyboardMarkup:
    ordinal = night.toordinal()
    return InlineKeyboardMarkup(
        [
            [
                button(texts.CHECKIN_NONE, CheckinAnswer(ordinal, "none")),
                button(texts.CHECKIN_YES, CheckinAnswer(ordinal, "yes")),
            ]
        ]
    )


def checkin_offer() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                button(texts.CHECKIN_OFFER_YES, CheckinOffer("yes")),
                button(texts.CHECKIN_OFFER_NO, CheckinOffer("no")),
            ]
        ]
    )
