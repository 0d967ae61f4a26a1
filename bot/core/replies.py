"""What every command handler needs: its message and sender, and a safe way to edit.

Command and message handlers are registered for private messages only, so an update
that reaches one always has a message and a sender; `message_of` and `sender_of` say
so to the type checker, and fail loudly (never silently, as `assert` would under `-O`)
if a registration ever lets another kind through.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from telegram import CallbackQuery, InlineKeyboardMarkup, Message, Update, User
from telegram.error import BadRequest
from telegram.ext import CommandHandler, filters

if TYPE_CHECKING:
    from bot.context import BotContext

PRIVATE_MESSAGE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE

UpdateCallback = Callable[[Update, "BotContext"], Coroutine[Any, Any, None]]


class UnexpectedUpdate(TypeError):
    """A handler got an update its registration should have kept away from it."""


def message_of(update: Update) -> Message:
    if update.message is None:
        raise UnexpectedUpdate(f"update {update.update_id} has no message")
    return update.message


def sender_of(update: Update) -> User:
    if update.effective_user is None:
        raise UnexpectedUpdate(f"update {update.update_id} has no sender")
    return update.effective_user


def command(name: str, callback: UpdateCallback) -> CommandHandler[Any, None]:
    """A command in a private chat: groups get `fallback.not_private` instead."""
    return CommandHandler(name, callback, filters=PRIVATE_MESSAGE)


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
