"""/admin, /addtip, /removetip and answers to feedback: the team's side of the bot."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.admin import keyboards, texts
from bot.admin.auth import admin_only
from bot.admin.broadcast_text import TextError, check_tip, command_argument
from bot.admin.buttons import ROUTES, RemoveTeamTip
from bot.admin.stats import collect_stats, render_stats
from bot.admin.tips_store import parse_tip_id
from bot.context import BotContext
from bot.core import texts as core_texts
from bot.core.buttons import Press
from bot.core.replies import message_of, sender_of

log = logging.getLogger(__name__)


def author(user_id: int) -> str:
    """How stored rows name the admin who made them."""
    return f"telegram:{user_id}"


@admin_only
async def stats(update: Update, context: BotContext) -> None:
    """The figures count up to a million rows: read in a worker thread, on the moments of
    activity written just before."""
    await context.bot_data.activity.flush()
    now = context.clock.now()
    figures = await context.bot_data.reads.run(lambda db: collect_stats(db, now))
    tips = texts.team_tips_list([(tip.id, tip.text) for tip in context.admin_tips.active()])
    await message_of(update).reply_text(f"{render_stats(figures)}\n\n{tips}")


@admin_only
async def add_tip(update: Update, context: BotContext) -> None:
    message = message_of(update)
    try:
        text = check_tip(command_argument(message).plain)
    except TextError as exc:
        await message.reply_text(str(exc))
        return
    tip = context.admin_tips.add(text, author(sender_of(update).id), context.clock.now())
    await message.reply_text(
        texts.tip_added(tip.id, tip.text), reply_markup=keyboards.tip_added(tip.id)
    )


@admin_only
async def remove_tip(update: Update, context: BotContext) -> None:
    message = message_of(update)
    tip_id = parse_tip_id(command_argument(message).plain)
    if tip_id is None:
        await message.reply_text(texts.REMOVETIP_USAGE)
        return
    if context.admin_tips.remove(tip_id, author(sender_of(update).id), context.clock.now()):
        await message.reply_text(texts.tip_removed(tip_id))
    else:
        await message.reply_text(texts.tip_not_found(tip_id))


@ROUTES.on(RemoveTeamTip, admin=True)
async def remove_tip_button(press: Press[RemoveTeamTip], context: BotContext) -> None:
    tip_id = press.data.tip_id
    if context.admin_tips.remove(tip_id, author(press.user_id), context.clock.now()):
        await press.edit(texts.tip_removed(tip_id), keyboards.back_to_tips())
    else:
        await press.edit(texts.tip_not_found(tip_id), keyboards.back_to_tips())


async def answer_feedback(update: Update, context: BotContext) -> None:
    """An admin's reply to a copy of feedback goes to its sender; any other reply is
    plain text, and gets the same hint the catch-all gives."""
    message = message_of(update)
    admin_id = sender_of(update).id
    replied = message.reply_to_message
    user_id = (
        context.feedback.sender_of_copy(admin_id, replied.message_id)
        if admin_id in context.config.admin_ids and replied is not None
        else None
    )
    if user_id is None:
        copy = replied is not None and (replied.text or "").startswith(texts.FEEDBACK_COPY_TITLE)
        if admin_id in context.config.admin_ids and copy:
            await message.reply_text(texts.FEEDBACK_SENDER_GONE)
            return
        await message.reply_text(core_texts.PLAIN_TEXT_HINT)
        return
    try:
        await context.bot.send_message(user_id, texts.feedback_answer(message.text or ""))
    except TelegramError as exc:
        log.warning("could not pass admin %s's answer to user %s: %s", admin_id, user_id, exc)
        await message.reply_text(texts.FEEDBACK_ANSWER_FAILED)
        return
    log.info("admin %s answered feedback of user %s", admin_id, user_id)
    await message.reply_text(texts.feedback_answer_sent(user_id))
