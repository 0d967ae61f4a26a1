"""The two steps of the first /start, each a question that takes a typed answer.

Everything the user can do at a step arrives as a message: a reply-keyboard button
sends its label (a city, a time, Skip), "Share location" sends a location, and typing
sends text. So one parser per step reads them all, through `bot.core.prompts`, and each
step is a single message (inline buttons and a reply keyboard cannot share one). The user
is subscribed with the defaults before the first step, so a step skipped, ignored or
expired leaves them with the tip at the default time and zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from html import escape
from zoneinfo import ZoneInfo

from telegram import Message, ReplyKeyboardRemove, Update

from bot.context import BotContext
from bot.core.prompt_store import Pending
from bot.core.prompts import Answer, PromptKinds, ask
from bot.core.replies import message_of
from bot.core.users import User
from bot.daily.prompts import read_zone
from bot.daily.settings import change_settings, next_local, parse_tip_time, parse_zone
from bot.daily.zone_lookup import zone_at
from bot.onboarding import keyboards, texts

ZONE_STEP = "onboarding-zone"
TIME_STEP = "onboarding-time"

PROMPTS = PromptKinds()


@dataclass(frozen=True, slots=True)
class ZoneStep:
    """What the user answered to the zone step."""

    zone: str | None = None
    choices: tuple[str, ...] = ()
    """The zones a typed name may mean, when it is more than one."""
    skipped: bool = False
    lost: bool = False
    """A shared location in no time zone (the open sea, say)."""


@dataclass(frozen=True, slots=True)
class TimeStep:
    at: time | None
    """None: skipped."""


def _skips(text: str) -> bool:
    return text.strip().casefold() in {texts.SKIP.casefold(), "skip"}


def read_zone_step(message: Message) -> ZoneStep | None:
    """None for text that names no zone: it cancels onboarding and is handled as usual."""
    if message.location is not None:
        found = zone_at(message.location.latitude, message.location.longitude)
        zone = parse_zone(found) if found else None
        return ZoneStep(zone) if zone else ZoneStep(lost=True)
    text = message.text or ""
    if _skips(text):
        return ZoneStep(skipped=True)
    if text in keyboards.CITY_ZONES:
        return ZoneStep(keyboards.CITY_ZONES[text])
    reading = read_zone(text, message.date) if text else None
    return ZoneStep(reading.zone, reading.choices) if reading else None


def read_time_step(message: Message) -> TimeStep | None:
    text = message.text or ""
    if _skips(text):
        return TimeStep(None)
    at = parse_tip_time(text)
    return TimeStep(at) if at else None


def _change(
    context: BotContext, user: User, *, tip_time: time | None = None, timezone: str | None = None
) -> User:
    """Through the same path as /time and /timezone, so a change reschedules the same way."""
    return change_settings(
        context.users,
        context.schedules,
        user,
        context.clock.now(),
        tip_time=tip_time,
        timezone=timezone,
    )


async def begin(context: BotContext, user: User, first_name: str) -> None:
    """For a user /start has just subscribed for the first time."""
    await ask(
        context,
        user.user_id,
        ZONE_STEP,
        texts.zone_question(first_name, user.timezone),
        reply_markup=keyboards.zones(),
    )


async def _ask_zone_again(
    context: BotContext, user_id: int, text: str, choices: tuple[str, ...] = ()
) -> None:
    await ask(context, user_id, ZONE_STEP, text, reply_markup=keyboards.zones(choices))


async def stale_keyboard(update: Update, context: BotContext) -> None:
    """A tap on a step's keyboard after its question expired or was dropped (the keyboard
    stays in the chat until used): say so and take the keyboard away, rather than give
    the stock reply."""
    await message_of(update).reply_text(texts.STALE_KEYBOARD, reply_markup=ReplyKeyboardRemove())


async def _zone_unreadable(message: Message, prompt: Pending, context: BotContext) -> None:
    value = escape((message.text or "")[:64])
    await _ask_zone_again(context, prompt.user_id, texts.ZONE_UNKNOWN.format(value=value))


@PROMPTS.on(ZONE_STEP, read_zone_step, unreadable=_zone_unreadable)
async def zone_answer(answer: Answer[ZoneStep], context: BotContext) -> None:
    step = answer.value
    if step.lost:
        await _ask_zone_again(context, answer.user_id, texts.ZONE_LOST)
        return
    if step.choices:
        text = texts.zone_choices(answer.message.text or "")
        await _ask_zone_again(context, answer.user_id, text, step.choices)
        return
    user = context.ensure_user(answer.user_id)
    if step.zone is not None:
        user = _change(context, user, timezone=step.zone)
    await ask(
        context,
        user.user_id,
        TIME_STEP,
        texts.time_question(user.timezone, user.tip_time),
        reply_markup=keyboards.times(user.timezone),
    )


async def _time_unreadable(message: Message, prompt: Pending, context: BotContext) -> None:
    user = context.ensure_user(prompt.user_id)
    await ask(
        context,
        user.user_id,
        TIME_STEP,
        texts.TIME_BAD.format(value=escape((message.text or "")[:40])),
        reply_markup=keyboards.times(user.timezone),
    )


@PROMPTS.on(TIME_STEP, read_time_step, unreadable=_time_unreadable)
async def time_answer(answer: Answer[TimeStep], context: BotContext) -> None:
    """The one message that ends onboarding; it also takes the reply keyboard away."""
    user = context.ensure_user(answer.user_id)
    if answer.value.at is not None:
        user = _change(context, user, tip_time=answer.value.at)
    now_local = context.clock.now().astimezone(ZoneInfo(user.timezone))
    await answer.message.reply_text(
        texts.done(next_local(user), user.tip_time, user.timezone, now_local),
        reply_markup=ReplyKeyboardRemove(),
    )
