"""/history: the diary page by page, newest first, with a change and a confirmed delete
per entry.

Changing an entry turns the history message itself into the entry's details (the same
buttons as the logging flow, see `handlers`); that message is the user's one open
details message, so a details message left further up the chat loses its buttons.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.core.buttons import Press
from bot.core.open_messages import OpenKind, retire
from bot.core.replies import message_of, sender_of
from bot.diary import keyboards, texts
from bot.diary.buttons import (
    ROUTES,
    HistoryBack,
    HistoryDelete,
    HistoryDeleteConfirm,
    HistoryEdit,
    HistoryPage,
    Section,
)
from bot.diary.handlers import show_entry
from bot.diary.keyboards import View

PAGE_SIZE = keyboards.HISTORY_PAGE_SIZE


def page_view(context: BotContext, user_id: int, page: int) -> tuple[str, InlineKeyboardMarkup]:
    """The page as text and buttons; a page past the end (entries deleted) shows the last."""
    total = context.diary.count(user_id)
    if total == 0:
        return texts.HISTORY_EMPTY, keyboards.log_start()
    pages = -(-total // PAGE_SIZE)
    page = min(page, pages - 1)
    entries = context.diary.page(user_id, page * PAGE_SIZE, PAGE_SIZE)
    zone = context.user_zone(user_id)
    first = page * PAGE_SIZE + 1
    lines = [
        (number, texts.history_entry(entry, entry.happened_at.astimezone(zone)))
        for number, entry in enumerate(entries, start=first)
    ]
    return (
        texts.history_page(lines, page, pages, total),
        keyboards.history_page(entries, first, page, pages),
    )


async def history(update: Update, context: BotContext) -> None:
    text, markup = page_view(context, sender_of(update).id, 0)
    await message_of(update).reply_text(text, reply_markup=markup)


def _leave_details(press: Press[Any], context: BotContext) -> None:
    """The message stops showing an entry's details: its buttons for them are done."""
    context.open_messages.close(press.user_id, OpenKind.ENTRY_EDIT, press.message_id)


@ROUTES.on(HistoryPage)
async def page(press: Press[HistoryPage], context: BotContext) -> None:
    _leave_details(press, context)
    await press.edit(*page_view(context, press.user_id, press.data.page))


@ROUTES.on(HistoryEdit)
async def edit(press: Press[HistoryEdit], context: BotContext) -> None:
    entry = context.diary.get(press.user_id, press.data.entry_id)
    message = press.query.message
    if entry is None or message is None:
        await press.expired()
        return
    earlier = context.open_messages.take(press.user_id, OpenKind.ENTRY_EDIT)
    if earlier is not None and earlier.message_id != message.message_id:
        await retire(context.bot, earlier)
    context.open_messages.remember(
        press.user_id, OpenKind.ENTRY_EDIT, message.chat.id, message.message_id
    )
    await show_entry(press, context, entry, View.EDIT, Section.MAIN)


@ROUTES.on(HistoryBack)
async def back(press: Press[HistoryBack], context: BotContext) -> None:
    """Back to the page that holds the entry now (a new "when" may have moved it)."""
    _leave_details(press, context)
    entry = context.diary.get(press.user_id, press.data.entry_id)
    first = 0 if entry is None else context.diary.newer_than(entry) // PAGE_SIZE
    await press.edit(*page_view(context, press.user_id, first))


@ROUTES.on(HistoryDelete)
async def delete_ask(press: Press[HistoryDelete], context: BotContext) -> None:
    chosen = press.data
    entry = context.diary.get(press.user_id, chosen.entry_id)
    if entry is None:
        await press.expired()
        return
    _leave_details(press, context)
    zone = context.user_zone(press.user_id)
    await press.edit(
        texts.history_delete_ask(texts.history_entry(entry, entry.happened_at.astimezone(zone))),
        keyboards.history_delete(entry, chosen.page),
    )


@ROUTES.on(HistoryDeleteConfirm)
async def delete_confirm(press: Press[HistoryDeleteConfirm], context: BotContext) -> None:
    chosen = press.data
    if not context.diary.delete(press.user_id, chosen.entry_id):
        await press.expired()
        return
    await press.edit(*page_view(context, press.user_id, chosen.page))
    await press.answer(texts.DELETED_TOAST)
