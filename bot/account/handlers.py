"""/start, /stop, /help, /forget and the start menu."""

from __future__ import annotations

import logging

from telegram import Update

from bot.account import keyboards, texts
from bot.account.buttons import ROUTES, ForgetAnswer, Menu, StopAnswer
from bot.context import BotContext
from bot.core.buttons import Press
from bot.core.replies import message_of, sender_of
from bot.daily.subscriptions import subscribe
from bot.knowledge import keyboards as knowledge_keyboards
from bot.knowledge import texts as knowledge_texts

log = logging.getLogger(__name__)


async def start(update: Update, context: BotContext) -> None:
    sender = sender_of(update)
    now = context.clock.now()
    user, _ = context.users.ensure(
        sender.id, sender.id, now, context.config.default_timezone, context.config.default_tip_time
    )
    already = user.subscribed
    if not already:
        subscribe(context.users, user, now)
    await message_of(update).reply_text(
        texts.welcome(sender.first_name, user.tip_time, user.timezone, already),
        reply_markup=keyboards.start_menu(),
    )


async def help_command(update: Update, context: BotContext) -> None:
    await message_of(update).reply_text(texts.HELP)


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
    """Start-menu buttons open a new message, so the welcome text stays readable."""
    await press.answer()
    target = press.data.target
    if target == "help":
        await context.bot.send_message(press.user_id, texts.HELP)
        return
    intro = knowledge_texts.TIPS_INTRO if target == "tips" else knowledge_texts.CAUSES_INTRO
    await context.bot.send_message(
        press.user_id, intro, reply_markup=knowledge_keyboards.item_list(context.catalogue, target)
    )


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
