"""Words every feature shares: the bot's name, the disclaimer, expired buttons, apologies.

Messages are sent with HTML parse mode; anything that comes from content or users is
escaped at the edge, with `escape`.
"""

from __future__ import annotations

import re
from datetime import time
from html import escape, unescape

from bot.core.zones import uses_12_hour_clock

__all__ = ["escape"]


BOT_NAME = "Leg-cramp companion"


DISCLAIMER = (
    "⚕️ <i>I am not a doctor, and this is not medical advice. I share general "
    "information from the articles listed in /about, and tips from the team. For questions "
    "about your own health, please talk to a doctor.</i>"
)


NOT_ADVICE_FOOTER = "<i>Not medical advice · /about</i>"
"""The one-line notice on messages that arrive unasked, where the full disclaimer is too much."""


BACK = "« Back"


UNKNOWN_COMMAND = "I don't know the command {command}. Send /help to see what I can do."


PLAIN_TEXT_HINT = "I answer commands and buttons. Send /help to see what I can do."


BUTTON_EXPIRED = "This button has expired. Send /help to start again."


ERROR_APOLOGY = "Sorry, something went wrong on my side. Please try again in a moment."


PRIVATE_ONLY = "I only chat in private messages. Open a private chat with me to get started."


def plain(html_text: str) -> str:
    """Our HTML as the shell and the log show it."""
    return unescape(re.sub(r"<[^>]+>", "", html_text))


CHOSEN = "✓ "


def plural(count: int, one: str, many: str) -> str:
    """`1 entry`, `3 entries`: every count a user reads goes through here, so a
    translation has one place to handle its language's plural forms."""
    return f"{count} {one if count == 1 else many}"


def time_of_day(at: time, zone: str) -> str:
    """A time of day as people in `zone` read it: `7:30 AM` in New York, `07:30` in Berlin."""
    if not uses_12_hour_clock(zone):
        return f"{at:%H:%M}"
    half = "AM" if at.hour < 12 else "PM"
    return f"{(at.hour - 1) % 12 + 1}:{at.minute:02d} {half}"
