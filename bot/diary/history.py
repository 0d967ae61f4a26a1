"""/history: the diary page by page, newest first, with a confirmed delete per entry."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.core.buttons import Press
from bot.core.replies import message_of, sender_of
from bot.diary import keyboards, texts
from bot.diary.buttons import ROUTES, HistoryDelete, HistoryDeleteConfirm, HistoryPage

PAGE_SIZE = 5


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


@ROUTES.on(HistoryPage)
async def page(press: Press[HistoryPage], context: BotContext) -> None:
    await press.edit(*page_view(context, press.user_id, press.data.page))


@ROUTES.on(HistoryDelete)
async def delete_ask(press: Press[HistoryDelete], context: BotContext) -> None:
    chosen = press.data
    entry = context.diary.get(press.user_id, chosen.entry_id)
    if entry is None:
        await press.expired()
        return
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
    await press.answer(texts.DELETED_TOAST)
    await press.edit(*page_view(context, press.user_id, chosen.page))
