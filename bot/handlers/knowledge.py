"""/causes and /tips: browse what we know, one item at a time."""

from __future__ import annotations

from telegram import Update

from bot import keyboards, texts
from bot.callback_data import AnotherTip, Section, ShowItem, ShowList, decode_as
from bot.context import BotContext
from bot.handlers.common import callback_query, edit_query_message


def _intro(section: Section) -> str:
    return texts.CAUSES_INTRO if section == "causes" else texts.TIPS_INTRO


async def causes(update: Update, context: BotContext) -> None:
    assert update.message
    await update.message.reply_text(
        texts.CAUSES_INTRO, reply_markup=keyboards.item_list(context.catalogue, "causes")
    )


async def tips(update: Update, context: BotContext) -> None:
    assert update.message
    await update.message.reply_text(
        texts.TIPS_INTRO, reply_markup=keyboards.item_list(context.catalogue, "tips")
    )


async def show_list(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    await query.answer()
    section = decode_as(query.data, ShowList).section
    await edit_query_message(
        query, _intro(section), keyboards.item_list(context.catalogue, section)
    )


async def show_item(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    wanted = decode_as(query.data, ShowItem)
    items = keyboards.items_of(context.catalogue, wanted.section)
    item = next((item for item in items if item.id == wanted.item_id), None)
    if item is None:
        await query.answer(texts.ITEM_GONE)
        await edit_query_message(
            query, _intro(wanted.section), keyboards.item_list(context.catalogue, wanted.section)
        )
        return
    await query.answer()
    await edit_query_message(
        query,
        texts.item_detail(item, context.catalogue),
        keyboards.item_detail(wanted.section, item),
    )


async def another_tip(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    await query.answer()
    after = decode_as(query.data, AnotherTip).after
    choices = [tip for tip in context.catalogue.tips if tip.id != after]
    tip = context.rng.choice(choices)
    await edit_query_message(
        query, texts.item_detail(tip, context.catalogue), keyboards.item_detail("tips", tip)
    )
