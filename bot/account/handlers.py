"""/start, /stop, /help, /about and the start menu."""

from __future__ import annotations

from telegram import Update

from bot.account import keyboards, texts
from bot.account.buttons import Menu, StopAnswer
from bot.context import BotContext
from bot.core.buttons import decode_as
from bot.core.replies import callback_query, edit_query_message
from bot.daily.subscriptions import subscribe
from bot.knowledge import keyboards as knowledge_keyboards
from bot.knowledge import texts as knowledge_texts


async def start(update: Update, context: BotContext) -> None:
    assert update.effective_user and update.effective_chat and update.message
    user, _ = context.users.ensure(
        update.effective_user.id,
        update.effective_chat.id,
        context.clock.now(),
        context.config.default_timezone,
        context.config.default_tip_time,
    )
    already = user.subscribed
    if not already:
        subscribe(context.users, user, context.clock.now())
    await update.message.reply_text(
        texts.welcome(update.effective_user.first_name, user.tip_time, user.timezone, already),
        reply_markup=keyboards.start_menu(),
    )


async def help_command(update: Update, context: BotContext) -> None:
    assert update.effective_message
    await update.effective_message.reply_text(texts.HELP)


async def about(update: Update, context: BotContext) -> None:
    assert update.effective_message
    await update.effective_message.reply_text(knowledge_texts.about(context.catalogue))


async def stop(update: Update, context: BotContext) -> None:
    assert update.effective_user and update.message
    user = context.users.get(update.effective_user.id)
    if user is None or not user.subscribed:
        await update.message.reply_text(texts.STOP_NOT_SUBSCRIBED)
        return
    await update.message.reply_text(texts.STOP_CONFIRM, reply_markup=keyboards.stop_confirmation())


async def stop_answer(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    await query.answer()
    answer = decode_as(query.data, StopAnswer).answer
    if answer == "yes":
        context.users.unsubscribe(query.from_user.id)
        await edit_query_message(query, texts.STOP_DONE)
    else:
        await edit_query_message(query, texts.STOP_KEPT)


async def menu(update: Update, context: BotContext) -> None:
    """Start-menu buttons open a new message, so the welcome text stays readable."""
    query = callback_query(update)
    await query.answer()
    target = decode_as(query.data, Menu).target
    chat_id = query.from_user.id
    if target == "help":
        await context.bot.send_message(chat_id, texts.HELP)
        return
    intro = knowledge_texts.TIPS_INTRO if target == "tips" else knowledge_texts.CAUSES_INTRO
    await context.bot.send_message(
        chat_id, intro, reply_markup=knowledge_keyboards.item_list(context.catalogue, target)
    )
