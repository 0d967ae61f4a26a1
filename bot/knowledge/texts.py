"""What a user reads browsing causes and tips, and about our sources."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from bot.admin.texts import TEAM_TIP_MARK, TEAM_TIP_ORIGIN
from bot.core.texts import BOT_NAME, DISCLAIMER

if TYPE_CHECKING:
    from bot.knowledge.content import Catalogue, Document, Item, SourceRef


CAUSES_INTRO = (
    "<b>Why legs cramp</b>\n\nStart with what a leg cramp is, or tap a cause to read more about it."
)


TIPS_INTRO = (
    "<b>Ways to prevent leg cramps</b>\n\nTap a tip to read more about it. "
    f"Tips marked {TEAM_TIP_MARK} are {TEAM_TIP_ORIGIN}."
)


ANOTHER_TIP = "🔄 Another tip"


ITEM_GONE = "That item is no longer available. Here is the current list."


def document_name(document: Document) -> str:
    """A title in italics, as titles are; an untitled document by our plain description."""
    if document.title is not None:
        return f"<i>{escape(document.title)}</i>"
    return escape(document.description or document.id)


def plain_document_name(document: Document) -> str:
    """The same name as plain text, for a PDF: its title, or our description of it."""
    return document.title or document.description or document.id


def plain_place(ref: SourceRef) -> str:
    """Where in the document, as plain text: a section, or the paragraphs after one."""
    section = f"section “{ref.section}”"
    return f"the paragraphs after {section}" if ref.part == "paragraphs after" else section


def _place(ref: SourceRef) -> str:
    return escape(plain_place(ref))


def sources(item: Item, catalogue: Catalogue) -> str:
    lines = [
        f"📄 {document_name(catalogue.documents[ref.document])}, {_place(ref)}"
        for ref in item.source
    ]
    heading = "Source:" if len(lines) == 1 else "Sources:"
    return heading + "\n" + "\n".join(lines)


SEE_DOCTOR = "🩺 The source advises talking to a doctor about this."


def item_detail(item: Item, catalogue: Catalogue) -> str:
    parts = [f"<b>{escape(item.title)}</b>", escape(item.detail)]
    if item.see_doctor:
        parts.append(SEE_DOCTOR)
    parts.append(sources(item, catalogue))
    return "\n\n".join(parts)


def about(catalogue: Catalogue) -> str:
    documents = "\n".join(
        f"• {document_name(doc)}: {escape(doc.summary)}" for doc in catalogue.documents.values()
    )
    return (
        f"<b>About the {BOT_NAME}</b>\n\n"
        "Everything in /causes and /tips is written in plain words from these articles, and "
        "names the article and section it comes from:\n"
        f"{documents}\n\n"
        f"Tips marked {TEAM_TIP_MARK} are different: they are {TEAM_TIP_ORIGIN}, and name "
        "no source.\n\n"
        f"{DISCLAIMER}"
    )
