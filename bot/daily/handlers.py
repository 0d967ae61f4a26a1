"""/time, /timezone, /settings, their buttons, and the shared location."""

from __future__ import annotations

from datetime import time

from telegram import ReplyKeyboardRemove, Update
from telegram import User as TelegramUser

from bot.context import BotContext
from bot.core import texts as core_texts
from bot.core.buttons import decode_as
from bot.core.replies import callback_query, edit_query_message
from bot.core.users import User
from bot.daily import keyboards as daily_keyboards
from bot.daily import texts
from bot.daily.buttons import SetTime, SetZone
from bot.daily.settings import ZONE_KEYS, change_settings, next_local, parse_tip_time, parse_zone
from bot.daily.zone_lookup import zone_at


def _ensure(context: BotContext, who: TelegramUser) -> User:
    """Private chats only, so the chat id is the user id."""
    user, _ = context.users.ensure(
        who.id,
        who.id,
        context.clock.now(),
        context.config.default_timezone,
        context.config.default_tip_time,
    )
    return user


def _set_time(context: BotContext, who: TelegramUser, at: time) -> str:
    user = change_settings(
        context.users, context.deliveries, _ensure(context, who), context.clock.now(), tip_time=at
    )
    return texts.time_set(user.tip_time, user.timezone, next_local(user))


def _set_zone(context: BotContext, who: TelegramUser, zone: str) -> str:
    user = change_settings(
        context.users, context.deliveries, _ensure(context, who), context.clock.now(), timezone=zone
    )
    return texts.zone_set(user.timezone, user.tip_time, next_local(user))


async def time_command(update: Update, context: BotContext) -> None:
    assert update.message and update.effective_user
    value = " ".join(context.args or ())
    if not value:
        await update.message.reply_text(texts.TIME_PROMPT, reply_markup=daily_keyboards.times())
        return
    at = parse_tip_time(value)
    if at is None:
        await update.message.reply_text(texts.TIME_BAD.format(value=core_texts.escape(value[:40])))
        return
    await update.message.reply_text(_set_time(context, update.effective_user, at))


async def _offer_zones(context: BotContext, chat_id: int) -> None:
    """Inline buttons and a reply keyboard cannot share a message, hence two."""
    await context.bot.send_message(chat_id, texts.ZONE_PROMPT, reply_markup=daily_keyboards.zones())
    await context.bot.send_message(
        chat_id, texts.ZONE_LOCATION_PROMPT, reply_markup=daily_keyboards.share_location()
    )


async def timezone_command(update: Update, context: BotContext) -> None:
    assert update.message and update.effective_user
    value = " ".join(context.args or ())
    if not value:
        await _offer_zones(context, update.message.chat_id)
        return
    zone = parse_zone(value)
    if zone is None:
        await update.message.reply_text(texts.ZONE_BAD.format(value=core_texts.escape(value[:64])))
        return
    await update.message.reply_text(_set_zone(context, update.effective_user, zone))


async def settings_command(update: Update, context: BotContext) -> None:
    assert update.message and update.effective_user
    user = _ensure(context, update.effective_user)
    await update.message.reply_text(
        texts.settings(user.subscribed, user.tip_time, user.timezone, next_local(user)),
        reply_markup=daily_keyboards.settings(),
    )


async def location(update: Update, context: BotContext) -> None:
    assert update.message and update.message.location and update.effective_user
    place = update.message.location
    zone = zone_at(place.latitude, place.longitude)
    zone = parse_zone(zone) if zone else None
    if zone is None:
        await update.message.reply_text(texts.ZONE_NOT_FOUND, reply_markup=ReplyKeyboardRemove())
        return
    await update.message.reply_text(
        _set_zone(context, update.effective_user, zone), reply_markup=ReplyKeyboardRemove()
    )


async def change_time(update: Update, context: BotContext) -> None:
    """From under a daily tip: a new message, so the tip itself stays readable."""
    query = callback_query(update)
    await query.answer()
    await context.bot.send_message(
        query.from_user.id, texts.TIME_PROMPT, reply_markup=daily_keyboards.times()
    )


async def change_zone(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    await query.answer()
    await _offer_zones(context, query.from_user.id)


async def set_time(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    minute = decode_as(query.data, SetTime).minute_of_day
    if minute >= 24 * 60:
        await query.answer(core_texts.BUTTON_EXPIRED, show_alert=True)
        return
    await query.answer()
    await edit_query_message(query, _set_time(context, query.from_user, time(*divmod(minute, 60))))


async def set_zone(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    zone = ZONE_KEYS.get(decode_as(query.data, SetZone).zone_key)
    if zone is None:
        await query.answer(core_texts.BUTTON_EXPIRED, show_alert=True)
        return
    await query.answer()
    await edit_query_message(query, _set_zone(context, query.from_user, zone))
