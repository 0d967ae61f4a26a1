"""What a broadcast or a team tip says: taken from an admin's message, checked, made HTML.

Broadcasts keep the admin's formatting, so they are stored as Telegram HTML built by PTB
from the message entities (always valid markup). Text from the shell is plain and is
escaped. Limits are counted as Telegram counts them, in UTF-16 code units of the
visible text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import Message, MessageEntity

from bot.admin import texts
from bot.core import texts as core_texts

MAX_BROADCAST_LENGTH = 4096
MAX_TIP_LENGTH = 1000
_COMMAND_PREFIX = re.compile(r"^/\S*\s*")


class TextError(ValueError):
    """Unusable text; the message is a friendly explanation that names the limit."""


@dataclass(frozen=True, slots=True)
class Body:
    plain: str
    html: str


def telegram_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _shifted(entity: MessageEntity, start: int, end: int) -> MessageEntity | None:
    """The part of `entity` inside [start, end), with offsets counted from `start`."""
    first, last = max(entity.offset, start), min(entity.offset + entity.length, end)
    if last <= first or entity.type == MessageEntity.BOT_COMMAND:
        return None
    return MessageEntity(
        entity.type,
        first - start,
        last - first,
        url=entity.url,
        user=entity.user,
        language=entity.language,
        custom_emoji_id=entity.custom_emoji_id,
    )


def command_argument(message: Message) -> Body:
    """The text after `/command`, with the formatting the admin gave it."""
    text = message.text or ""
    match = _COMMAND_PREFIX.match(text)
    skip = telegram_length(match.group(0)) if match else 0
    body = text[match.end() :] if match else text
    end = skip + telegram_length(body)
    entities = [shifted for entity in message.entities if (shifted := _shifted(entity, skip, end))]
    trimmed = Message(
        message_id=message.message_id,
        date=message.date,
        chat=message.chat,
        text=body,
        entities=tuple(entities),
    )
    return Body(body, trimmed.text_html)


def message_body(message: Message) -> Body:
    """A whole message's text (or caption) and formatting, for `/broadcast` as a reply."""
    if message.text:
        return Body(message.text, message.text_html)
    if message.caption:
        return Body(message.caption, message.caption_html)
    raise TextError(texts.BROADCAST_NOT_TEXT)


def plain_body(text: str) -> Body:
    return Body(text, core_texts.escape(text))


def check_broadcast(body: Body) -> Body:
    if not body.plain.strip():
        raise TextError(texts.broadcast_usage(MAX_BROADCAST_LENGTH))
    length = telegram_length(body.plain)
    if length > MAX_BROADCAST_LENGTH:
        raise TextError(texts.too_long("message", length, MAX_BROADCAST_LENGTH))
    return body


def check_tip(text: str) -> str:
    """Team tips are plain text: they are shown inside our own formatting."""
    tip = text.strip()
    if not tip:
        raise TextError(texts.addtip_usage(MAX_TIP_LENGTH))
    length = telegram_length(tip)
    if length > MAX_TIP_LENGTH:
        raise TextError(texts.too_long("tip", length, MAX_TIP_LENGTH))
    return tip
