"""/causes, /tips and /about: browse what we know, one item at a time.

Team tips (added with /addtip) are listed after the content tips and browse the same way.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.admin import texts as admin_texts
from bot.context import BotContext
from bot.core.buttons import Press
from bot.core.replies import message_of, sender_of
from bot.knowledge import keyboards, texts
from bot.knowledge.buttons import ROUTES, AnotherTip, MoreTips, Section, ShowItem, ShowList

View = tuple[str, InlineKeyboardMarkup]


def _intro(section: Section) -> str:
    return texts.CAUSES_INTRO if section == "causes" else texts.TIPS_INTRO


def _admin(context: BotContext, user_id: int) -> bool:
    """Admins see team tips' numbers and can remove them from the tip itself."""
    return user_id in context.config.admin_ids


def _list(context: BotContext, section: Section, user_id: int) -> InlineKeyboardMarkup:
    team = context.admin_tips.active() if section == "tips" else ()
    return keyboards.item_list(context.catalogue, section, team, _admin(context, user_id))


def list_view(context: BotContext, section: Section, user_id: int) -> View:
    return _intro(section), _list(context, section, user_id)


def _tip_view(context: BotContext, tip_id: str, user_id: int) -> View | None:
    team_tip = context.admin_tips.by_slug(tip_id)
    if team_tip is not None:
        admin = _admin(context, user_id)
        text = admin_texts.team_tip(team_tip.text)
        if admin:
            text += "\n\n" + admin_texts.team_tip_number(team_tip.id)
        return text, keyboards.team_tip_detail(team_tip, admin)
    tip = context.catalogue.tip(tip_id)
    if tip is None:
        return None
    return texts.item_detail(tip, context.catalogue), keyboards.item_detail("tips", tip)


def _cause_view(context: BotContext, cause_id: str, user_id: int) -> View | None:
    cause = context.catalogue.cause(cause_id)
    if cause is None:
        return None
    return texts.item_detail(cause, context.catalogue), keyboards.item_detail("causes", cause)


async def causes(update: Update, context: BotContext) -> None:
    text, markup = list_view(context, "causes", sender_of(update).id)
    await message_of(update).reply_text(text, reply_markup=markup)


async def tips(update: Update, context: BotContext) -> None:
    text, markup = list_view(context, "tips", sender_of(update).id)
    await message_of(update).reply_text(text, reply_markup=markup)


async def about(update: Update, context: BotContext) -> None:
    await message_of(update).reply_text(texts.about(context.catalogue))


@ROUTES.on(ShowList)
async def show_list(press: Press[ShowList], context: BotContext) -> None:
    await press.edit(*list_view(context, press.data.section, press.user_id))


@ROUTES.on(ShowItem)
async def show_item(press: Press[ShowItem], context: BotContext) -> None:
    wanted = press.data
    show = _tip_view if wanted.section == "tips" else _cause_view
    view = show(context, wanted.item_id, press.user_id)
    if view is None:
        await press.answer(texts.ITEM_GONE)
        await press.edit(*list_view(context, wanted.section, press.user_id))
        return
    await press.edit(*view)


def _another(context: BotContext, after: str, user_id: int) -> View:
    """Any tip but `after`; one that vanished meanwhile gives the list instead."""
    ids = [tip.id for tip in context.catalogue.tips]
    ids += [tip.slug for tip in context.admin_tips.active()]
    view = _tip_view(context, context.rng.choice([i for i in ids if i != after]), user_id)
    return view if view is not None else list_view(context, "tips", user_id)


@ROUTES.on(AnotherTip)
async def another_tip(press: Press[AnotherTip], context: BotContext) -> None:
    """While browsing, the tip on screen gives way to another one."""
    await press.edit(*_another(context, press.data.after, press.user_id))


@ROUTES.on(MoreTips)
async def more_tips(press: Press[MoreTips], context: BotContext) -> None:
    """Under a daily tip: the day's tip stays as it was, another comes as a new message."""
    await press.answer()
    text, markup = _another(context, press.data.after, press.user_id)
    await context.bot.send_message(press.user_id, text, reply_markup=markup)
