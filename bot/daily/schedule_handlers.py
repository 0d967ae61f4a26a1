"""/settings (one message, edited in place), /pause, /resume, /checkin, /bedtime,
/summary, /days, /silent, /dailytip, their buttons, and the check-in's answers.

Every command is a thin shell over the same store calls as the settings buttons, so a
choice made either way has the same effect. Reading the settings creates no user.
"""

from __future__ import annotations

import logging
import sqlite3
from datetime import date, datetime, time
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.core.buttons import Press
from bot.core.open_messages import OpenKind, retire
from bot.core.prompts import expect_answer
from bot.core.replies import message_of, sender_of
from bot.core.schedule import delivery_instant
from bot.daily import keyboards, texts
from bot.daily.buttons import (
    ROUTES,
    CheckinAnswer,
    CheckinOffer,
    SettingsDays,
    SettingsPause,
    SettingsResume,
    SettingsSetTime,
    SettingsSilent,
    SettingsSwitch,
    SettingsTimeOf,
    SettingsView,
    SettingsWeekday,
)
from bot.daily.kinds import Kind, time_allowed
from bot.daily.prompts import TIME
from bot.daily.schedules import Pause, Schedule, default_schedule
from bot.daily.settings import (
    PAUSE_LENGTHS,
    parse_days,
    parse_pause,
    parse_switch,
    parse_tip_time,
    parse_weekday,
)
from bot.daily.subscriptions import subscribe
from bot.diary.handlers import start_log_flow
from bot.diary.nights import NIGHT_TURNS_AT, NightStore
from bot.diary.vocabulary import WhenKind

log = logging.getLogger(__name__)

# The settings view


def _local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    return moment.astimezone(zone) if moment is not None else None


def settings_view(context: BotContext, user_id: int) -> tuple[str, InlineKeyboardMarkup]:
    """After /forget, /settings shows the defaults a /start gives, without making a row."""
    now = context.clock.now()
    user = context.users.get(user_id)
    if user is None:
        zone_name = context.config.default_timezone
        schedules = {kind: default_schedule(kind, context.config.default_tip_time) for kind in Kind}
        pause: Pause | None = None
    else:
        zone_name = user.timezone
        schedules = context.schedules.all_of(user_id)
        pause = context.schedules.pause_of(user_id, now)
    zone = context.user_zone(user_id)
    lines = [
        texts.kind_line(
            kind,
            schedule.enabled,
            schedule.local_time,
            schedule.days,
            schedule.silent,
            _local(schedule.next_due_at, zone),
            zone_name,
        )
        for kind, schedule in schedules.items()
    ]
    paused = texts.pause_line(_local(pause.until, zone)) if pause is not None else None
    text = texts.settings_page(zone_name, lines, paused)
    return text, keyboards.settings(schedules, pause is not None)


async def send_settings(context: BotContext, user_id: int) -> None:
    """A new settings message retires the one before, so only one is ever live.

    Showing the settings only reads, so a read-only database still shows them; only the
    retiring of an older message is then lost.
    """
    try:
        older = context.open_messages.take(user_id, OpenKind.SETTINGS)
    except sqlite3.OperationalError as exc:
        log.warning("could not look up the open settings message: %s", exc)
        older = None
    await retire(context.bot, older, texts.SETTINGS_REPLACED)
    text, markup = settings_view(context, user_id)
    sent = await context.bot.send_message(user_id, text, reply_markup=markup)
    try:
        context.open_messages.remember(user_id, OpenKind.SETTINGS, sent.chat_id, sent.message_id)
    except sqlite3.OperationalError as exc:
        log.warning("could not remember the open settings message: %s", exc)


async def settings_command(update: Update, context: BotContext) -> None:
    await send_settings(context, sender_of(update).id)


async def _show_main(press: Press[Any], context: BotContext, toast: str | None = None) -> None:
    await press.answer(toast)
    text, markup = settings_view(context, press.user_id)
    await press.edit(text, markup)


# Changing one kind: the same calls for buttons and commands


def _switch(context: BotContext, user_id: int, kind: Kind, on: bool) -> Schedule:
    """Turning any kind on puts the user on the list, so /stop reaches it too."""
    now = context.clock.now()
    user = context.ensure_user(user_id)
    if kind is Kind.TIP and on:
        subscribe(context.users, context.schedules, user, now)
        return context.schedules.get(user_id, kind)
    if on:
        context.users.subscribe(user_id)
    return context.schedules.update(user_id, kind, now, enabled=on)


def _set_kind_time(context: BotContext, user_id: int, kind: Kind, at: time) -> Schedule:
    """Setting a time turns the kind on: choosing when is asking for it."""
    context.ensure_user(user_id)
    if not context.schedules.get(user_id, kind).enabled:
        _switch(context, user_id, kind, True)
    return context.schedules.update(user_id, kind, context.clock.now(), local_time=at, enabled=True)


def _kind_done(context: BotContext, user_id: int, schedule: Schedule) -> str:
    zone = context.user_zone(user_id)
    return texts.kind_set(
        schedule.kind,
        schedule.enabled,
        schedule.local_time,
        schedule.days,
        _local(schedule.next_due_at, zone),
        zone.key,
    )


def _pause(context: BotContext, user_id: int, length: str) -> str:
    context.ensure_user(user_id)
    pause = context.schedules.pause(user_id, context.clock.now(), PAUSE_LENGTHS[length])
    return texts.paused(_local(pause.until, context.user_zone(user_id)))


def _resume(context: BotContext, user_id: int) -> str:
    now = context.clock.now()
    if context.users.get(user_id) is None or not context.schedules.resume(user_id, now):
        return texts.NOT_PAUSED
    upcoming = [
        schedule.next_due_at
        for schedule in context.schedules.all_of(user_id).values()
        if schedule.next_due_at is not None
    ]
    return texts.resumed(_local(min(upcoming), context.user_zone(user_id)) if upcoming else None)


# Settings buttons


@ROUTES.on(SettingsView)
async def settings_page(press: Press[SettingsView], context: BotContext) -> None:
    page = press.data.page
    if page == "main":
        await _show_main(press, context)
        return
    schedules = context.schedules
    if page == "pause":
        await press.edit(texts.SETTINGS_PAUSE, keyboards.pause_lengths())
    elif page == "days":
        await press.edit(
            texts.SETTINGS_DAYS, keyboards.days(schedules.get(press.user_id, Kind.TIP).days)
        )
    else:
        current = schedules.get(press.user_id, Kind.WEEKLY).days
        await press.edit(texts.SETTINGS_WEEKDAY, keyboards.weekdays(current))


@ROUTES.on(SettingsSwitch)
async def settings_switch(press: Press[SettingsSwitch], context: BotContext) -> None:
    _switch(context, press.user_id, press.data.kind, press.data.to == "on")
    await _show_main(press, context, texts.SETTINGS_SAVED)


@ROUTES.on(SettingsTimeOf)
async def settings_time_of(press: Press[SettingsTimeOf], context: BotContext) -> None:
    kind = press.data.kind
    await press.edit(texts.settings_time(kind), keyboards.kind_times(kind))
    if kind is Kind.TIP and press.message_id is not None:
        expect_answer(context, press.user_id, TIME, press.message_id)


@ROUTES.on(SettingsSetTime)
async def settings_set_time(press: Press[SettingsSetTime], context: BotContext) -> None:
    kind, minute = press.data.kind, press.data.minute_of_day
    if minute >= 24 * 60 or not time_allowed(kind, time(*divmod(minute, 60))):
        await press.expired()
        return
    if kind is Kind.TIP:
        context.prompts.clear(press.user_id, TIME)
    _set_kind_time(context, press.user_id, kind, time(*divmod(minute, 60)))
    await _show_main(press, context, texts.SETTINGS_SAVED)


@ROUTES.on(SettingsDays)
async def settings_days(press: Press[SettingsDays], context: BotContext) -> None:
    days = press.data.days
    if days > 0b1111111:
        await press.expired()
        return
    if days == 0:
        await press.answer(texts.SETTINGS_NO_DAYS, alert=True)
        return
    context.ensure_user(press.user_id)
    schedule = context.schedules.update(press.user_id, Kind.TIP, context.clock.now(), days=days)
    await press.answer(texts.SETTINGS_SAVED)
    await press.edit(texts.SETTINGS_DAYS, keyboards.days(schedule.days))


@ROUTES.on(SettingsSilent)
async def settings_silent(press: Press[SettingsSilent], context: BotContext) -> None:
    context.ensure_user(press.user_id)
    context.schedules.update(
        press.user_id, press.data.kind, context.clock.now(), silent=press.data.to == "on"
    )
    await _show_main(press, context, texts.SETTINGS_SAVED)


@ROUTES.on(SettingsWeekday)
async def settings_weekday(press: Press[SettingsWeekday], context: BotContext) -> None:
    day = press.data.day
    if day > 6:
        await press.expired()
        return
    context.ensure_user(press.user_id)
    context.schedules.update(press.user_id, Kind.WEEKLY, context.clock.now(), days=1 << day)
    await _show_main(press, context, texts.SETTINGS_SAVED)


@ROUTES.on(SettingsPause)
async def settings_pause(press: Press[SettingsPause], context: BotContext) -> None:
    _pause(context, press.user_id, press.data.length)
    await _show_main(press, context, texts.SETTINGS_SAVED)


@ROUTES.on(SettingsResume)
async def settings_resume(press: Press[SettingsResume], context: BotContext) -> None:
    _resume(context, press.user_id)
    await _show_main(press, context, texts.SETTINGS_SAVED)


# Commands


def _argument(context: BotContext) -> str:
    return " ".join(context.args or ()).strip()


async def pause_command(update: Update, context: BotContext) -> None:
    message = message_of(update)
    value = _argument(context)
    if not value:
        await message.reply_text(texts.SETTINGS_PAUSE, reply_markup=keyboards.pause_lengths())
        return
    length = parse_pause(value)
    if length is None:
        await message.reply_text(texts.PAUSE_USAGE.format(value=escape(value[:40])))
        return
    await message.reply_text(_pause(context, sender_of(update).id, length))


async def resume_command(update: Update, context: BotContext) -> None:
    await message_of(update).reply_text(_resume(context, sender_of(update).id))


async def _kind_command(
    update: Update, context: BotContext, kind: Kind, command: str, example: str
) -> None:
    """`/checkin`, `/bedtime` and `/dailytip`: on, off, or a time (which turns it on)."""
    message = message_of(update)
    user_id = sender_of(update).id
    value = _argument(context)
    if not value:
        await message.reply_text(texts.settings_time(kind), reply_markup=keyboards.kind_times(kind))
        return
    switch = parse_switch(value)
    at = parse_tip_time(value) if switch is None else None
    if switch is None and at is None:
        await message.reply_text(texts.kind_usage(command, kind, example, value))
        return
    if at is not None and not time_allowed(kind, at):
        await message.reply_text(texts.CHECKIN_TOO_LATE)
        return
    if at is not None:
        schedule = _set_kind_time(context, user_id, kind, at)
    else:
        schedule = _switch(context, user_id, kind, bool(switch))
    await message.reply_text(_kind_done(context, user_id, schedule))


async def checkin_command(update: Update, context: BotContext) -> None:
    await _kind_command(update, context, Kind.CHECKIN, "checkin", "07:30")


async def bedtime_command(update: Update, context: BotContext) -> None:
    await _kind_command(update, context, Kind.BEDTIME, "bedtime", "22:00")


async def dailytip_command(update: Update, context: BotContext) -> None:
    await _kind_command(update, context, Kind.TIP, "dailytip", "08:00")


async def summary_command(update: Update, context: BotContext) -> None:
    """on, off, a day, a time, or a day and a time."""
    message = message_of(update)
    user_id = sender_of(update).id
    value = _argument(context)
    if not value:
        await send_settings(context, user_id)
        return
    switch = parse_switch(value)
    if switch is not None:
        schedule = _switch(context, user_id, Kind.WEEKLY, switch)
        await message.reply_text(_kind_done(context, user_id, schedule))
        return
    day: int | None = None
    at: time | None = None
    for word in value.split():
        if (found := parse_weekday(word)) is not None and day is None:
            day = found
        elif (parsed := parse_tip_time(word)) is not None and at is None:
            at = parsed
        else:
            await message.reply_text(texts.SUMMARY_USAGE.format(value=escape(value[:40])))
            return
    context.ensure_user(user_id)
    schedule = context.schedules.update(
        user_id,
        Kind.WEEKLY,
        context.clock.now(),
        enabled=True,
        local_time=at,
        days=1 << day if day is not None else None,
    )
    await message.reply_text(_kind_done(context, user_id, schedule))


async def days_command(update: Update, context: BotContext) -> None:
    message = message_of(update)
    user_id = sender_of(update).id
    value = _argument(context)
    if not value:
        current = context.schedules.get(user_id, Kind.TIP).days
        await message.reply_text(texts.SETTINGS_DAYS, reply_markup=keyboards.days(current))
        return
    days = parse_days(value)
    if days is None:
        await message.reply_text(texts.DAYS_USAGE.format(value=escape(value[:40])))
        return
    context.ensure_user(user_id)
    schedule = context.schedules.update(user_id, Kind.TIP, context.clock.now(), days=days)
    zone = context.user_zone(user_id)
    await message.reply_text(texts.days_set(schedule.days, _local(schedule.next_due_at, zone)))


_KIND_WORDS = {
    "tip": Kind.TIP,
    "dailytip": Kind.TIP,
    "checkin": Kind.CHECKIN,
    "check-in": Kind.CHECKIN,
    "bedtime": Kind.BEDTIME,
    "summary": Kind.WEEKLY,
    "weekly": Kind.WEEKLY,
}


async def silent_command(update: Update, context: BotContext) -> None:
    message = message_of(update)
    value = _argument(context)
    words = value.lower().split()
    switch = parse_switch(words[0]) if words else None
    kind = _KIND_WORDS.get(words[1]) if len(words) == 2 else Kind.TIP if len(words) == 1 else None
    if switch is None or kind is None:
        await message.reply_text(texts.SILENT_USAGE.format(value=escape(value[:40])))
        return
    user_id = sender_of(update).id
    context.ensure_user(user_id)
    context.schedules.update(user_id, kind, context.clock.now(), silent=switch)
    await message.reply_text(texts.silent_set(kind, switch))


# The morning check-in


def _night(press: Press[CheckinAnswer]) -> date | None:
    try:
        return date.fromordinal(press.data.night)
    except (ValueError, OverflowError):
        return None


@ROUTES.on(CheckinAnswer)
async def checkin_answer(press: Press[CheckinAnswer], context: BotContext) -> None:
    """One answer per night; a second tap on the other button changes it. After the
    night's noon the buttons are stale: the answer says so, politely."""
    night = _night(press)
    if night is None:
        await press.expired()
        return
    now = context.clock.now()
    zone = context.user_zone(press.user_id)
    if now >= delivery_instant(night, NIGHT_TURNS_AT, zone):
        await press.answer(texts.CHECKIN_CLOSED, alert=True)
        await press.drop_buttons()
        return
    if night > now.astimezone(zone).date():
        await press.expired()
        return
    user_id = context.ensure_user(press.user_id).user_id
    previous = context.checkins.get(user_id, night)
    answer = press.data.answer
    if previous == answer:
        await press.answer(texts.CHECKIN_SAME_TOAST)
        return
    nights = NightStore(context.bot_data.db)
    if answer == "none":
        nights.mark_free(user_id, night, now)
        context.checkins.answer(user_id, night, "none", now)
        await press.answer(texts.CHECKIN_NONE_TOAST)
        await press.edit(texts.checkin_answered(True), keyboards.checkin(night))
        return
    nights.unmark(user_id, night)
    await press.answer()
    await press.edit(texts.checkin_answered(False), keyboards.checkin(night))
    context.checkins.answer(user_id, night, "yes", now)
    await start_log_flow(context, user_id, WhenKind.NIGHT)


@ROUTES.on(CheckinOffer)
async def checkin_offer(press: Press[CheckinOffer], context: BotContext) -> None:
    if press.data.answer == "no":
        await press.edit(texts.CHECKIN_OFFER_DECLINED)
        return
    schedule = _switch(context, press.user_id, Kind.CHECKIN, True)
    await press.edit(_kind_done(context, press.user_id, schedule))
