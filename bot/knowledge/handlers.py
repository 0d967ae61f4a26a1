"""/causes, /tips and /about: browse what we know, one item at a time.

Team tips (added with /addtip) are listed after the content tips and browse the same way.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.admin import texts as admin_texts
from bot.context import BotContext
from bot.core.buttons import Press
from bot.core.replies import message_of
from bot.knowledge import keyboards, texts
from bot.knowledge.buttons import ROUTES, AnotherTip, Section, ShowItem, ShowList

View = tuple[str, InlineKeyboardMarkup]


def _intro(section: Section) -> str:
    return texts.CAUSES_INTRO if section == "causes" else texts.TIPS_INTRO


def _list(context: BotContext, section: Section) -> InlineKeyboardMarkup:
    team = context.admin_tips.active() if section == "tips" else ()
    return keyboards.item_list(context.catalogue, section, team)


def _tip_view(context: BotContext, tip_id: str) -> View | None:
    team_tip = context.admin_tips.by_slug(tip_id)
    if team_tip is not None:
        return admin_texts.team_tip(team_tip.text), keyboards.team_tip_detail(team_tip.slug)
    tip = context.catalogue.tip(tip_id)
    if tip is None:
        return None
    return texts.item_detail(tip, context.catalogue), keyboards.item_detail("tips", tip)


def _cause_view(context: BotContext, cause_id: str) -> View | None:
    cause = context.catalogue.cause(cause_id)
    if cause is None:
        return None
    return texts.item_detail(cause, context.catalogue), keyboards.item_detail("causes", cause)


async def causes(update: Update, context: BotContext) -> None:
    await message_of(update).reply_text(texts.CAUSES_INTRO, reply_markup=_list(context, "causes"))


async def tips(update: Update, context: BotContext) -> None:
    await message_of(update).reply_text(texts.TIPS_INTRO, reply_markup=_list(context, "tips"))


async def about(update: Update, context: BotContext) -> None:
    await message_of(update).reply_text(texts.about(context.catalogue))


@ROUTES.on(ShowList)
async def show_list(press: Press[ShowList], context: BotContext) -> None:
    section = press.data.section
    await press.edit(_intro(section), _list(context, section))


@ROUTES.on(ShowItem)
async def show_item(press: Press[ShowItem], context: BotContext) -> None:
    wanted = press.data
    show = _tip_view if wanted.section == "tips" else _cause_view
    view = show(context, wanted.item_id)
    if view is None:
        await press.answer(texts.ITEM_GONE)
        await press.edit(_intro(wanted.section), _list(context, wanted.section))
        return
    await press.edit(*view)


@ROUTES.on(AnotherTip)
async def another_tip(press: Press[AnotherTip], context: BotContext) -> None:
    """Any tip but the one on screen; one that vanished meanwhile leaves the list instead."""
    ids = [tip.id for tip in context.catalogue.tips]
    ids += [tip.slug for tip in context.admin_tips.active()]
    view = _tip_view(context, context.rng.choice([i for i in ids if i != press.data.after]))
    if view is None:
        await press.edit(texts.TIPS_INTRO, _list(context, "tips"))
        return
    await press.edit(*view)
