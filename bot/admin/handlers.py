"""/admin, /addtip and /removetip: the team's view of the bot and its tip rotation."""

from __future__ import annotations

from telegram import Update

from bot.admin import keyboards as admin_keyboards
from bot.admin import texts
from bot.admin.auth import admin_only
from bot.admin.broadcast_text import TextError, check_tip, command_argument
from bot.admin.stats import collect_stats, render_stats
from bot.admin.tips_store import parse_tip_id
from bot.context import BotContext


def author(update: Update) -> str:
    """How stored rows name the admin who made them."""
    assert update.effective_user
    return f"telegram:{update.effective_user.id}"


@admin_only
async def stats(update: Update, context: BotContext) -> None:
    assert update.message
    figures = collect_stats(context.bot_data.db, context.clock.now())
    await update.message.reply_text(render_stats(figures))


@admin_only
async def add_tip(update: Update, context: BotContext) -> None:
    assert update.message
    try:
        text = check_tip(command_argument(update.message).plain)
    except TextError as exc:
        await update.message.reply_text(str(exc))
        return
    tip = context.admin_tips.add(text, author(update), context.clock.now())
    await update.message.reply_text(
        texts.tip_added(tip.id, tip.text), reply_markup=admin_keyboards.tip_added(tip.id)
    )


@admin_only
async def remove_tip(update: Update, context: BotContext) -> None:
    assert update.message
    tip_id = parse_tip_id(command_argument(update.message).plain)
    if tip_id is None:
        await update.message.reply_text(texts.REMOVETIP_USAGE)
        return
    if context.admin_tips.remove(tip_id, author(update), context.clock.now()):
        await update.message.reply_text(texts.tip_removed(tip_id))
    else:
        await update.message.reply_text(texts.tip_not_found(tip_id))
