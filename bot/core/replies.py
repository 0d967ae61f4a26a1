"""Small helpers shared by handlers."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import filters

PRIVATE_MESSAGE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE


def callback_query(update: Update) -> CallbackQuery:
    query = update.callback_query
    if query is None:
        raise TypeError("a button handler was given an update without a callback query")
    return query


async def edit_query_message(
    query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Edit the message under the button.

    A double tap that changes nothing is fine. A message we can no longer edit (too
    old, deleted, or never ours) gets the answer as a new message instead.
    """
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as exc:
        reason = exc.message.lower()
        if "not modified" in reason:
            return
        if "not found" not in reason and "can't be edited" not in reason:
            raise
        await query.get_bot().send_message(query.from_user.id, text, reply_markup=markup)
