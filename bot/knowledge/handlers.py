"""/causes and /tips: browse what we know, one item at a time.

Team tips (added with /addtip) are listed after the content tips and browse the same way.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.admin import texts as admin_texts
from bot.context import BotContext
from bot.core.buttons import decode_as
from bot.core.replies import callback_query, edit_query_message
from bot.knowledge import keyboards, texts
from bot.knowledge.buttons import AnotherTip, Section, ShowItem, ShowList


def _intro(section: Section) -> str:
    return texts.CAUSES_INTRO if section == "causes" else texts.TIPS_INTRO


def _list(context: BotContext, section: Section) -> InlineKeyboardMarkup:
    team = context.admin_tips.active() if section == "tips" else ()
    return keyboards.item_list(context.catalogue, section, team)


def _tip_view(context: BotContext, tip_id: str) -> tuple[str, InlineKeyboardMarkup] | None:
    team_tip = context.admin_tips.by_slug(tip_id)
    if team_tip is not None:
        return admin_texts.team_tip(team_tip.text), keyboards.team_tip_detail(team_tip.slug)
    tip = context.catalogue.tip(tip_id)
    if tip is None:
        return None
    return texts.item_detail(tip, context.catalogue), keyboards.item_detail("tips", tip)


async def causes(update: Update, context: BotContext) -> None:
    assert update.message
    await update.message.reply_text(texts.CAUSES_INTRO, reply_markup=_list(context, "causes"))


async def tips(update: Update, context: BotContext) -> None:
    assert update.message
    await update.message.reply_text(texts.TIPS_INTRO, reply_markup=_list(context, "tips"))


async def show_list(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    await query.answer()
    section = decode_as(query.data, ShowList).section
    await edit_query_message(query, _intro(section), _list(context, section))


async def show_item(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    wanted = decode_as(query.data, ShowItem)
    if wanted.section == "tips":
        view = _tip_view(context, wanted.item_id)
    else:
        cause = context.catalogue.cause(wanted.item_id)
        view = (
            (texts.item_detail(cause, context.catalogue), keyboards.item_detail("causes", cause))
            if cause
            else None
        )
    if view is None:
        await query.answer(texts.ITEM_GONE)
        await edit_query_message(query, _intro(wanted.section), _list(context, wanted.section))
        return
    await query.answer()
    await edit_query_message(query, *view)


async def another_tip(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    await query.answer()
    after = decode_as(query.data, AnotherTip).after
    ids = [tip.id for tip in context.catalogue.tips]
    ids += [tip.slug for tip in context.admin_tips.active()]
    view = _tip_view(context, context.rng.choice([tip_id for tip_id in ids if tip_id != after]))
    assert view is not None, "every listed id has a view"
    await edit_query_message(query, *view)
