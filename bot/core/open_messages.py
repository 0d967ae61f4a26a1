"""The one message per user and kind whose buttons are still live.

Opening a second logging flow, time-zone offer or broadcast preview makes the first one
meaningless; remembering the open one (in SQLite, so a restart keeps it) lets the bot
retire its buttons instead of leaving them to look alive in the chat. The old one is
retired before the new one is sent, so the chat reads in order.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum

from sqlite_utils import Database
from telegram import Bot
from telegram.error import BadRequest

log = logging.getLogger(__name__)


class OpenKind(StrEnum):
    LOG_FLOW = "log-flow"
    ZONE_OFFER = "zone-offer"
    BROADCAST_PREVIEW = "broadcast-preview"
    SETTINGS = "settings"
    ENTRY_EDIT = "entry-edit"


@dataclass(frozen=True, slots=True)
class OpenMessage:
    chat_id: int
    message_id: int


class OpenMessages:
    def __init__(self, db: Database) -> None:
        self._db = db

    def remember(self, user_id: int, kind: OpenKind, chat_id: int, message_id: int) -> None:
        """Make this message the open one (retire the one before it first, with `take`)."""
        self._db.execute(
            "INSERT OR REPLACE INTO open_messages (user_id, kind, chat_id, message_id) "
            "VALUES (?, ?, ?, ?)",
            [user_id, kind.value, chat_id, message_id],
        )

    def take(self, user_id: int, kind: OpenKind) -> OpenMessage | None:
        """The open message, no longer open."""
        with self._db.atomic():
            # Inside a transaction: a RETURNING write's results must be read before its
            # transaction ends (see `bot.core.replays`).
            row = self._db.execute(
                "DELETE FROM open_messages WHERE user_id = ? AND kind = ? "
                "RETURNING chat_id, message_id",
                [user_id, kind.value],
            ).fetchone()
        return OpenMessage(row[0], row[1]) if row else None

    def is_open(self, user_id: int, kind: OpenKind, message_id: int) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM open_messages WHERE user_id = ? AND kind = ? AND message_id = ?",
            [user_id, kind.value, message_id],
        ).fetchone()
        return row is not None

    def close(self, user_id: int, kind: OpenKind, message_id: int | None) -> None:
        """This message's buttons have done their job (saved, cancelled, sent)."""
        self._db.execute(
            "DELETE FROM open_messages WHERE user_id = ? AND kind = ? AND message_id = ?",
            [user_id, kind.value, message_id],
        )


async def retire(bot: Bot, message: OpenMessage | None, text: str | None = None) -> None:
    """Take the buttons off a message that no longer means anything, saying why if given.

    A message Telegram no longer lets us edit (deleted, too old) keeps them: its buttons
    then get the "expired" answer.
    """
    if message is None:
        return
    try:
        if text is None:
            await bot.edit_message_reply_markup(message.chat_id, message.message_id)
        else:
            await bot.edit_message_text(text, message.chat_id, message.message_id)
    except BadRequest as exc:
        log.info("could not retire message %s: %s", message.message_id, exc.message)
