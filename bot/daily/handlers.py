"""/time, /timezone, /settings, their buttons, and the shared location."""

from __future__ import annotations

import asyncio
import logging
from datetime import time
from html import escape

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardRemove,
    Update,
)
from telegram.error import BadRequest

from bot.context import BotContext
from bot.core.buttons import InvalidCallbackData, Press, decode
from bot.core.open_messages import OpenKind, retire
from bot.core.prompt_store import Pending
from bot.core.prompts import Answer, ask, expect_answer, typed
from bot.core.replies import message_of, sender_of
from bot.core.zones import suggestions
from bot.daily import keyboards, texts
from bot.daily.buttons import (
    ROUTES,
    ChangeTime,
    ChangeZone,
    PickZone,
    SetTime,
    SettingsTime,
    SetZone,
)
from bot.daily.prompts import PROMPTS, TIME, ZONE, ZoneReading, typed_zone
from bot.daily.settings import (
    ZONE_KEYS,
    change_settings,
    next_local,
    parse_tip_time,
    parse_zone,
    zone_from_key,
)
from bot.daily.zone_lookup import zone_at

log = logging.getLogger(__name__)


def _set_time(context: BotContext, user_id: int, at: time) -> str:
    user = change_settings(
        context.users,
        context.schedules,
        context.ensure_user(user_id),
        context.clock.now(),
        tip_time=at,
    )
    return texts.time_set(user.tip_time, user.timezone, next_local(user))


def _set_zone(context: BotContext, user_id: int, zone: str) -> str:
    user = change_settings(
        context.users,
        context.schedules,
        context.ensure_user(user_id),
        context.clock.now(),
        timezone=zone,
    )
    return texts.zone_set(user.timezone, user.tip_time, next_local(user))


async def _ask_time(context: BotContext, user_id: int) -> None:
    zone = context.user_zone(user_id).key
    await ask(context, user_id, TIME, texts.TIME_PROMPT, reply_markup=keyboards.times(zone))


async def time_command(update: Update, context: BotContext) -> None:
    message = message_of(update)
    value = " ".join(context.args or ())
    if not value:
        await _ask_time(context, sender_of(update).id)
        return
    at = parse_tip_time(value)
    if at is None:
        await message.reply_text(texts.TIME_BAD.format(value=escape(value[:40])))
        return
    await message.reply_text(_set_time(context, sender_of(update).id, at))


async def _time_unreadable(message: Message, prompt: Pending, context: BotContext) -> None:
    await message.reply_text(texts.TIME_BAD.format(value=escape((message.text or "")[:40])))


@PROMPTS.on(TIME, typed(parse_tip_time), unreadable=_time_unreadable)
async def time_answer(answer: Answer[time], context: BotContext) -> None:
    await answer.message.reply_text(_set_time(context, answer.user_id, answer.value))


async def _retire_zone_offer(context: BotContext, user_id: int, keep: int | None = None) -> None:
    """An older zone offer goes quiet when a new one opens (`keep` is the new one, when a
    message turns into it) or a location settles the zone."""
    offer = context.open_messages.take(user_id, OpenKind.ZONE_OFFER)
    if offer is not None and offer.message_id != keep:
        await retire(context.bot, offer)


async def _offer_location(context: BotContext, user_id: int, offer_message_id: int) -> None:
    """Inline buttons and a reply keyboard cannot share a message, hence two."""
    context.open_messages.remember(user_id, OpenKind.ZONE_OFFER, user_id, offer_message_id)
    await context.bot.send_message(
        user_id, texts.ZONE_LOCATION_PROMPT, reply_markup=keyboards.share_location()
    )


async def _offer_zones(context: BotContext, user_id: int) -> None:
    await _retire_zone_offer(context, user_id)
    offer = await ask(context, user_id, ZONE, texts.ZONE_PROMPT, reply_markup=keyboards.zones())
    await _offer_location(context, user_id, offer.message_id)


async def _zone_unreadable(message: Message, prompt: Pending, context: BotContext) -> None:
    await message.reply_text(texts.ZONE_BAD.format(value=escape((message.text or "")[:64])))


@PROMPTS.on(ZONE, typed_zone, unreadable=_zone_unreadable)
async def zone_answer(answer: Answer[ZoneReading], context: BotContext) -> None:
    """A zone settles the offer (and takes the share-location keyboard away); a city or an
    abbreviation of several zones gets them as buttons, as after `/timezone Berlin`."""
    message = answer.message
    zone = answer.value.zone
    if zone is None:
        await message.reply_text(
            texts.zone_suggestions(message.text or ""),
            reply_markup=keyboards.zone_choices(answer.value.choices),
        )
        return
    await _retire_zone_offer(context, answer.user_id)
    await message.reply_text(
        _set_zone(context, answer.user_id, zone), reply_markup=ReplyKeyboardRemove()
    )


async def timezone_command(update: Update, context: BotContext) -> None:
    message = message_of(update)
    value = " ".join(context.args or ())
    if not value:
        await _offer_zones(context, sender_of(update).id)
        return
    zone = parse_zone(value)
    if zone is None:
        choices = suggestions(value, context.clock.now())
        if choices:
            await message.reply_text(
                texts.zone_suggestions(value), reply_markup=keyboards.zone_choices(choices)
            )
        else:
            await message.reply_text(texts.ZONE_BAD.format(value=escape(value[:64])))
        return
    await message.reply_text(_set_zone(context, sender_of(update).id, zone))


async def location(update: Update, context: BotContext) -> None:
    message = message_of(update)
    place = message.location
    # The first lookup loads the boundary data (0.2 s), in a thread so no chat waits for it.
    found = (
        await asyncio.to_thread(zone_at, place.latitude, place.longitude)
        if place is not None
        else None
    )
    zone = parse_zone(found) if found else None
    if zone is None:
        await message.reply_text(texts.ZONE_NOT_FOUND, reply_markup=ReplyKeyboardRemove())
        return
    await _retire_zone_offer(context, sender_of(update).id)
    await message.reply_text(
        _set_zone(context, sender_of(update).id, zone), reply_markup=ReplyKeyboardRemove()
    )


@ROUTES.on(ChangeTime)
async def change_time(press: Press[ChangeTime], context: BotContext) -> None:
    """From under a daily tip: a new message, so the tip itself stays readable."""
    await press.answer()
    await _ask_time(context, press.user_id)


@ROUTES.on(SettingsTime)
async def settings_time(press: Press[SettingsTime], context: BotContext) -> None:
    """The settings message turns into the picker, so no stale settings stay behind."""
    await press.edit(texts.TIME_PROMPT, keyboards.times(context.user_zone(press.user_id).key))
    if press.message_id is not None:
        expect_answer(context, press.user_id, TIME, press.message_id)


@ROUTES.on(ChangeZone)
async def change_zone(press: Press[ChangeZone], context: BotContext) -> None:
    """The settings message turns into the zone offer; a message we cannot edit any more
    gets the offer as a new one."""
    await press.answer()
    if press.message_id is None:
        await _offer_zones(context, press.user_id)
        return
    await _retire_zone_offer(context, press.user_id, keep=press.message_id)
    await press.edit(texts.ZONE_PROMPT, keyboards.zones())
    expect_answer(context, press.user_id, ZONE, press.message_id)
    await _offer_location(context, press.user_id, press.message_id)


@ROUTES.on(SetTime)
async def set_time(press: Press[SetTime], context: BotContext) -> None:
    minute = press.data.minute_of_day
    if minute >= 24 * 60:
        await press.expired()
        return
    context.prompts.clear(press.user_id, TIME)
    await press.edit(_set_time(context, press.user_id, time(*divmod(minute, 60))))


@ROUTES.on(SetZone)
async def set_zone(press: Press[SetZone], context: BotContext) -> None:
    zone = ZONE_KEYS.get(press.data.zone_key)
    if zone is None:
        await press.expired()
        return
    context.open_messages.close(press.user_id, OpenKind.ZONE_OFFER, press.message_id)
    context.prompts.clear(press.user_id, ZONE)
    await press.edit(texts.zone_chosen(zone))
    await context.bot.send_message(
        press.user_id,
        _set_zone(context, press.user_id, zone),
        reply_markup=ReplyKeyboardRemove(),
    )


def _is_zone_choice(button: InlineKeyboardButton) -> bool:
    try:
        return isinstance(decode(button.callback_data), PickZone)
    except InvalidCallbackData:
        return False


@ROUTES.on(PickZone)
async def pick_zone(press: Press[PickZone], context: BotContext) -> None:
    """A suggested zone. A suggestion turns into the confirmation; under a daily tip (the
    one-time prompt) the tip stays, loses only the zone buttons, and the confirmation
    comes as a new message."""
    zone = zone_from_key(press.data.zone_key)
    if zone is None:
        await press.expired()
        return
    context.prompts.clear(press.user_id, ZONE)
    message = press.query.message
    markup = message.reply_markup if isinstance(message, Message) else None
    kept = [
        row
        for row in (markup.inline_keyboard if markup is not None else ())
        if not any(_is_zone_choice(button) for button in row)
    ]
    if not kept:
        await press.edit(_set_zone(context, press.user_id, zone))
        return
    await press.answer()
    try:
        await press.query.edit_message_reply_markup(InlineKeyboardMarkup(kept))
    except BadRequest as exc:
        log.info("could not take the zone buttons off a tip: %s", exc.message)
    await context.bot.send_message(press.user_id, _set_zone(context, press.user_id, zone))
