"""What a user reads browsing causes and tips, and about our sources."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from bot.core.texts import BOT_NAME, DISCLAIMER

if TYPE_CHECKING:
    from bot.knowledge.content import Catalogue, Item


CAUSES_INTRO = "<b>Why legs cramp</b>\n\nTap a cause to read more about it."


TIPS_INTRO = "<b>Ways to prevent leg cramps</b>\n\nTap a tip to read more about it."


ANOTHER_TIP = "🔄 Another tip"


ITEM_GONE = "That item is no longer available. Here is the current list."


def sources(item: Item, catalogue: Catalogue) -> str:
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
    parts.append(sources(item, catalogue))
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
