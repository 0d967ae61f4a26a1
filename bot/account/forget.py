"""/forget: erase everything the bot stores about the user, after they confirm."""

from __future__ import annotations

import logging

from telegram import Update

from bot.account import keyboards, texts
from bot.account.buttons import ForgetAnswer
from bot.context import BotContext
from bot.core.buttons import decode_as
from bot.core.replies import callback_query, edit_query_message

log = logging.getLogger(__name__)


async def forget(update: Update, context: BotContext) -> None:
    assert update.effective_user and update.message
    user_id = update.effective_user.id
    if context.users.get(user_id) is None:
        await update.message.reply_text(texts.FORGET_NOTHING)
        return
    await update.message.reply_text(
        texts.forget_confirm(context.diary.count(user_id)),
        reply_markup=keyboards.forget_confirmation(),
    )


async def forget_answer(update: Update, context: BotContext) -> None:
    """A second "yes" finds nothing left to erase and confirms the same."""
    query = callback_query(update)
    await query.answer()
    if decode_as(query.data, ForgetAnswer).answer == "no":
        await edit_query_message(query, texts.FORGET_KEPT)
        return
    if context.diary.forget(query.from_user.id):
        log.info("user %s erased their data", query.from_user.id)
    await edit_query_message(query, texts.FORGET_DONE)
