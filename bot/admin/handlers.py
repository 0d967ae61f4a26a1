"""/admin, /addtip and /removetip: the team's view of the bot and its tip rotation."""

from __future__ import annotations

from telegram import Update

from bot.admin import keyboards, texts
from bot.admin.auth import admin_only
from bot.admin.broadcast_text import TextError, check_tip, command_argument
from bot.admin.stats import collect_stats, render_stats
from bot.admin.tips_store import parse_tip_id
from bot.context import BotContext
from bot.core.replies import message_of, sender_of


def author(user_id: int) -> str:
    """How stored rows name the admin who made them."""
    return f"telegram:{user_id}"


@admin_only
async def stats(update: Update, context: BotContext) -> None:
    figures = collect_stats(context.bot_data.db, context.clock.now())
    await message_of(update).reply_text(render_stats(figures))


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
