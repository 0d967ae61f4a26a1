"""/history: the diary page by page, newest first, with a confirmed delete per entry."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.core import texts as core_texts
from bot.core.buttons import decode_as
from bot.core.replies import callback_query, edit_query_message
from bot.diary import keyboards as diary_keyboards
from bot.diary import logic as diary
from bot.diary import texts
from bot.diary.buttons import HistoryDelete, HistoryDeleteConfirm, HistoryPage

PAGE_SIZE = 5


def _page(context: BotContext, user_id: int, page: int) -> tuple[str, InlineKeyboardMarkup | None]:
    """The page as text and buttons; a page past the end (entries deleted) shows the last."""
    total = context.diary.count(user_id)
    if total == 0:
        return texts.HISTORY_EMPTY, None
    pages = -(-total // PAGE_SIZE)
    page = min(page, pages - 1)
    entries = context.diary.page(user_id, page * PAGE_SIZE, PAGE_SIZE)
    zone = diary.zone_of(context.users.get(user_id), context.config.default_timezone)
    first = page * PAGE_SIZE + 1
    lines = [
        (number, texts.history_entry(entry, entry.happened_at.astimezone(zone)))
        for number, entry in enumerate(entries, start=first)
    ]
    return (
        texts.history_page(lines, page, pages, total),
        diary_keyboards.history_page(entries, first, page, pages),
    )


async def history(update: Update, context: BotContext) -> None:
    assert update.effective_user and update.message
    text, markup = _page(context, update.effective_user.id, 0)
    await update.message.reply_text(text, reply_markup=markup)


async def page(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    await query.answer()
    text, markup = _page(context, query.from_user.id, decode_as(query.data, HistoryPage).page)
    await edit_query_message(query, text, markup)


async def delete_ask(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    chosen = decode_as(query.data, HistoryDelete)
    user_id = query.from_user.id
    entry = context.diary.get(user_id, chosen.entry_id)
    if entry is None:
        await query.answer(core_texts.BUTTON_EXPIRED, show_alert=True)
        return
    await query.answer()
    zone = diary.zone_of(context.users.get(user_id), context.config.default_timezone)
    await edit_query_message(
        query,
        texts.history_delete_ask(texts.history_entry(entry, entry.happened_at.astimezone(zone))),
        diary_keyboards.history_delete(entry, chosen.page),
    )


async def delete_confirm(update: Update, context: BotContext) -> None:
    query = callback_query(update)
    chosen = decode_as(query.data, HistoryDeleteConfirm)
    user_id = query.from_user.id
    if not context.diary.delete(user_id, chosen.entry_id):
        await query.answer(core_texts.BUTTON_EXPIRED, show_alert=True)
        return
    await query.answer(texts.DELETED_TOAST)
    text, markup = _page(context, user_id, chosen.page)
    await edit_query_message(query, text, markup)
