"""Telegram's checks on what a bot sends, as a fault hook for the fake Bot API server.

The fake server takes any text; Telegram refuses broken HTML, over-long texts and
over-long button answers with a 400. The fuzz suite adds this hook so that a reply
real Telegram would refuse counts as the failure it would be.
"""

from __future__ import annotations

import html
import re
from typing import Any

from tests.fake_bot_api import TelegramFault

ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
    "tg-spoiler", "span", "blockquote", "tg-emoji",
}  # fmt: skip
MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_ANSWER = 200
REFUSALS = ("can't parse entities", "is too long", "text is empty", "MESSAGE_TOO_LONG")
"""Parts of the descriptions `enforce` gives, to tell its refusals from the server's own."""
_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^<>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|[<&]")


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def html_problem(text: str) -> str | None:
    """Why Telegram's HTML parser would refuse `text`, or None."""
    stack: list[str] = []
    for token in _TOKEN.finditer(text):
        whole, closing, tag = token.group(0), token.group(1), token.group(2)
        if whole in {"<", "&"}:
            return f"unescaped {whole!r} at byte offset {token.start()}"
        if tag is None:
            continue
        tag = tag.lower()
        if tag not in ALLOWED_TAGS:
            return f"unsupported start tag {tag!r}"
        if not closing:
            stack.append(tag)
        elif not stack or stack.pop() != tag:
            return f"unmatched end tag {tag!r}"
    return f"unclosed start tag {stack[-1]!r}" if stack else None


def _visible(text: str, parse_mode: Any) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text)) if parse_mode == "HTML" else text


def enforce(method: str, params: dict[str, Any]) -> None:
    """A `FakeBotApi.fault_hooks` entry."""
    if method == "answerCallbackQuery":
        if utf16_length(str(params.get("text") or "")) > MAX_ANSWER:
            raise TelegramFault(400, "Bad Request: MESSAGE_TOO_LONG")
        return
    field, limit = ("text", MAX_TEXT) if "text" in params else ("caption", MAX_CAPTION)
    if field not in params:
        return
    text = str(params[field])
    if params.get("parse_mode") == "HTML" and (problem := html_problem(text)):
        raise TelegramFault(400, f"Bad Request: can't parse entities: {problem}")
    visible = _visible(text, params.get("parse_mode"))
    if field == "text" and method in {"sendMessage", "editMessageText"} and not visible.strip():
        raise TelegramFault(400, "Bad Request: message text is empty")
    if utf16_length(visible) > limit:
        raise TelegramFault(400, f"Bad Request: message {field} is too long")
