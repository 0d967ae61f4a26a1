"""Every word a user reads, in one place, so copy can be reviewed and translated.

Messages are sent with HTML parse mode; anything that comes from content or users is
escaped here, at the edge.
"""

from __future__ import annotations

from datetime import time
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.content import Catalogue, Item

__all__ = ["escape"]

BOT_NAME = "Leg-cramp companion"

DISCLAIMER = (
    "⚕️ <i>I am not a doctor, and this is not medical advice. I share general "
    "information from the articles listed in /about. For questions about your own "
    "health, please talk to a doctor.</i>"
)

COMMANDS: tuple[tuple[str, str], ...] = (
    ("tips", "Ways to prevent leg cramps"),
    ("causes", "Why legs cramp"),
    ("help", "What I can do"),
    ("about", "Sources and disclaimer"),
    ("start", "Subscribe to the daily tip"),
    ("stop", "Stop the daily tip"),
)


def welcome(first_name: str, tip_time: time, timezone: str, already: bool) -> str:
    subscribed = (
        "You are already subscribed" if already else "You are now subscribed to the daily tip"
    )
    return (
        f"Hello {escape(first_name)}! I am the {BOT_NAME}, here to help you understand "
        "and prevent leg cramps.\n\n"
        f"{subscribed}: one short prevention tip every day at "
        f"<b>{tip_time:%H:%M}</b> ({escape(timezone)} time).\n\n"
        "What you can do:\n"
        "• /tips: ways to prevent cramps\n"
        "• /causes: why legs cramp\n"
        "• /stop: stop the daily tip\n"
        "• /help: everything I can do\n\n"
        f"{DISCLAIMER}"
    )


HELP = (
    f"<b>{BOT_NAME}</b>: what I can do\n\n"
    + "\n".join(f"/{name}: {description}" for name, description in COMMANDS)
    + "\n\nTap the buttons under my messages to browse. "
    "Everything I say comes from the articles listed in /about."
)

MENU_TIPS = "💡 Prevention tips"
MENU_CAUSES = "❓ Why legs cramp"
MENU_HELP = "📖 Help"

STOP_CONFIRM = (
    "Stop the daily tip? You can start it again at any time with /start.\n"
    "Your settings stay as they are."
)
STOP_YES = "Yes, stop the tips"
STOP_NO = "No, keep them"
STOP_DONE = "Done: no more daily tips. Send /start whenever you want them back."
STOP_KEPT = "Good, your daily tip continues."
STOP_NOT_SUBSCRIBED = "You are not subscribed to the daily tip. Send /start to subscribe."

CAUSES_INTRO = "<b>Why legs cramp</b>\n\nTap a cause to read more about it."
TIPS_INTRO = "<b>Ways to prevent leg cramps</b>\n\nTap a tip to read more about it."
BACK = "« Back"
ANOTHER_TIP = "🔄 Another tip"

UNKNOWN_COMMAND = "I don't know the command {command}. Send /help to see what I can do."
PLAIN_TEXT_HINT = "I answer commands and buttons. Send /help to see what I can do."
BUTTON_EXPIRED = "This button has expired. Send /help to start again."
ITEM_GONE = "That item is no longer available. Here is the current list."
ERROR_APOLOGY = "Sorry, something went wrong on my side. Please try again in a moment."
PRIVATE_ONLY = "I only chat in private messages. Open a private chat with me to get started."


def _sources(item: Item, catalogue: Catalogue) -> str:
    lines = []
    for ref in item.source:
        title = catalogue.documents[ref.document].title
        lines.append(f"📄 <i>{escape(title)}</i>, section “{escape(ref.section)}”")
    return "Source:\n" + "\n".join(lines)


SEE_DOCTOR = "🩺 The source advises talking to a doctor about this."


def item_detail(item: Item, catalogue: Catalogue) -> str:
    parts = [f"<b>{escape(item.title)}</b>", escape(item.detail)]
    if item.see_doctor:
        parts.append(SEE_DOCTOR)
    parts.append(_sources(item, catalogue))
    return "\n\n".join(parts)


def about(catalogue: Catalogue) -> str:
    documents = "\n".join(
        f"• <i>{escape(doc.title)}</i>: {escape(doc.summary)}"
        for doc in catalogue.documents.values()
    )
    return (
        f"<b>About the {BOT_NAME}</b>\n\n"
        "Every cause and tip I share is written in plain words from these articles, and "
        "each one names the article and section it comes from:\n"
        f"{documents}\n\n{DISCLAIMER}"
    )
