"""/start, /stop, /help, /privacy, /feedback, /forget and the start menu."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from bot.account import keyboards, texts
from bot.account.buttons import ROUTES, ForgetAnswer, Menu, StopAnswer
from bot.account.feedback_store import FEEDBACK_PER_DAY
from bot.admin import texts as admin_texts
from bot.admin.broadcast_text import command_argument
from bot.context import BotContext
from bot.core.buttons import Press
from bot.core.replies import message_of, sender_of
from bot.daily.kinds import Kind
from bot.daily.schedule_handlers import send_settings
from bot.daily.subscriptions import subscribe
from bot.diary.history import page_view
from bot.knowledge.handlers import list_view
from bot.onboarding import handlers as onboarding

log = logging.getLogger(__name__)


async def start(update: Update, context: BotContext) -> None:
    """A new user is subscribed with the defaults and then asked for their zone and time
    (`bot.onboarding`); someone the bot knows gets the menu, and is subscribed again."""
    sender = sender_of(update)
    now = context.clock.now()
    new = context.users.get(sender.id) is None
    user = context.ensure_user(sender.id)
    if user.subscribed and context.schedules.get(user.user_id, Kind.TIP).enabled:
        text = texts.welcome_back(user.tip_time, user.timezone)
    else:
        subscribe(context.users, context.schedules, user, now)
        if new:
            await onboarding.begin(context, user, sender.first_name)
            return
        text = texts.welcome(sender.first_name, user.tip_time, user.timezone)
    await message_of(update).reply_text(text, reply_markup=keyboards.start_menu())


def _help(context: BotContext, user_id: int) -> str:
    admin = user_id in context.config.admin_ids
    return texts.help_text(admin_texts.ADMIN_COMMANDS if admin else ())


async def help_command(update: Update, context: BotContext) -> None:
    await message_of(update).reply_text(
        _help(context, sender_of(update).id), reply_markup=keyboards.help_menu()
    )


async def privacy(update: Update, context: BotContext) -> None:
    await message_of(update).reply_text(texts.PRIVACY)


async def feedback(update: Update, context: BotContext) -> None:
    """Each admin gets a copy naming the sender's id; replying to it answers the sender."""
    message = message_of(update)
    sender = sender_of(update)
    text = command_argument(message).plain.strip()
    if not text:
        await message.reply_text(texts.FEEDBACK_USAGE)
        return
    if len(text) > texts.FEEDBACK_MAX_LENGTH:
        await message.reply_text(texts.feedback_too_long(len(text)))
        return
    now = context.clock.now()
    if not context.feedback.allowed(sender.id, now):
        await message.reply_text(texts.feedback_limit(FEEDBACK_PER_DAY))
        return
    context.ensure_user(sender.id)
    feedback_id = context.feedback.add(sender.id, now)
    copy_text = admin_texts.feedback_copy(sender.id, sender.first_name, text)
    delivered = 0
    for admin_id in sorted(context.config.admin_ids):
        try:
            copy = await context.bot.send_message(admin_id, copy_text)
        except TelegramError as exc:
            log.warning("could not pass feedback to admin %s: %s", admin_id, exc)
            continue
        context.feedback.add_copy(feedback_id, admin_id, copy.message_id)
        delivered += 1
    if not delivered:
        context.feedback.withdraw(feedback_id)
        await message.reply_text(texts.FEEDBACK_UNDELIVERED)
        return
    log.info("feedback #%s from user %s passed to %s admins", feedback_id, sender.id, delivered)
    await message.reply_text(texts.FEEDBACK_THANKS)


async def stop(update: Update, context: BotContext) -> None:
    user = context.users.get(sender_of(update).id)
    message = message_of(update)
    if user is None or not user.subscribed:
        await message.reply_text(texts.STOP_NOT_SUBSCRIBED)
        return
    await message.reply_text(texts.STOP_CONFIRM, reply_markup=keyboards.stop_confirmation())


@ROUTES.on(StopAnswer)
async def stop_answer(press: Press[StopAnswer], context: BotContext) -> None:
    if press.data.answer == "yes":
        context.users.unsubscribe(press.user_id)
        await press.edit(texts.STOP_DONE)
    else:
        await press.edit(texts.STOP_KEPT)


@ROUTES.on(Menu)
async def menu(press: Press[Menu], context: BotContext) -> None:
    """Menu buttons (start, help) open a new message, so the menu itself stays readable."""
    await press.answer()
    target = press.data.target
    user_id = press.user_id
    markup: InlineKeyboardMarkup | None
    if target == "help":
        text, markup = _help(context, user_id), keyboards.help_menu()
    elif target == "privacy":
        text, markup = texts.PRIVACY, None
    elif target == "history":
        text, markup = page_view(context, user_id, 0)
    elif target == "settings":
        await send_settings(context, user_id)
        return
    else:
        text, markup = list_view(context, target, user_id)
    await context.bot.send_message(user_id, text, reply_markup=markup)


async def forget(update: Update, context: BotContext) -> None:
    user_id = sender_of(update).id
    message = message_of(update)
    if context.users.get(user_id) is None:
        await message.reply_text(texts.FORGET_NOTHING)
        return
    await message.reply_text(
        texts.forget_confirm(context.diary.count(user_id)),
        reply_markup=keyboards.forget_confirmation(),
    )


@ROUTES.on(ForgetAnswer)
async def forget_answer(press: Press[ForgetAnswer], context: BotContext) -> None:
    """A second "yes" finds nothing left to erase and confirms the same."""
    if press.data.answer == "no":
        await press.edit(texts.FORGET_KEPT)
        return
    if context.users.forget(press.user_id):
        log.info("user %s erased their data", press.user_id)
    await press.edit(texts.FORGET_DONE)
