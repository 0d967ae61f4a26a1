"""Every word a user reads, in one place, so copy can be reviewed and translated.

Messages are sent with HTML parse mode; anything that comes from content or users is
escaped here, at the edge.
"""

from __future__ import annotations

from datetime import date, datetime, time
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.content import Catalogue, Item
    from bot.diary_stats import WindowSummary
    from bot.storage.diary import Entry

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
    ("log", "Log a cramp in a few taps"),
    ("history", "Your cramp diary"),
    ("stats", "Your cramps in numbers and a chart"),
    ("export", "Your diary as a spreadsheet file"),
    ("help", "What I can do"),
    ("about", "Sources and disclaimer"),
    ("start", "Subscribe to the daily tip"),
    ("stop", "Stop the daily tip"),
    ("forget", "Erase everything I store about you"),
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
        "• /log: note down a cramp in a few taps\n"
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


# --- Cramp diary (issue 3) -------------------------------------------------------------

MENU_LOG = "📝 Log a cramp"

MUSCLE_NAMES = {"calf": "Calf", "foot": "Foot", "thigh": "Thigh", "other": "Other"}
SIDE_NAMES = {"left": "Left", "right": "Right", "both": "Both"}
PLACE_NAMES = {
    ("calf", "left"): "Left calf",
    ("calf", "right"): "Right calf",
    ("calf", "both"): "Both calves",
    ("foot", "left"): "Left foot",
    ("foot", "right"): "Right foot",
    ("foot", "both"): "Both feet",
    ("thigh", "left"): "Left thigh",
    ("thigh", "right"): "Right thigh",
    ("thigh", "both"): "Both thighs",
    ("other", "left"): "Elsewhere, left",
    ("other", "right"): "Elsewhere, right",
    ("other", "both"): "Elsewhere, both",
}
SEVERITY_NAMES = {1: "Mild", 2: "Moderate", 3: "Severe"}
SEVERITY_BUTTONS = {"mild": "🟡 Mild", "moderate": "🟠 Moderate", "severe": "🔴 Severe"}
WHEN_LABELS = {"now": "Just now", "night": "During the night", "earlier": "Earlier today"}
WOKE_BUTTONS = {"yes": "😴 It woke me", "no": "It didn't wake me"}
TRIGGER_LABELS = {
    "exercise": "Exercise or overuse",
    "standing": "Long standing",
    "sitting": "Long sitting",
    "dehydration": "Thirst or dehydration",
    "medication": "A new medication",
    "other": "Something else",
}
CHOSEN = "✓ "
LOG_CANCEL = "✖ Cancel"
LOG_UNDO = "↩️ Undo"
LOG_DONE = "✅ Done"

LOG_WHERE = "📝 <b>Log a cramp</b>\n\nWhere is the cramp?"
LOG_CANCELLED = "Nothing was logged. Send /log whenever you need it."
LOG_SAVED_TOAST = "Saved"
LOG_UNDONE = "↩️ Deleted: that cramp is not in your diary any more."
DELETED_TOAST = "Deleted"


def log_severity(muscle: str, side: str) -> str:
    return f"📝 <b>{PLACE_NAMES[(muscle, side)]}</b>\n\nHow bad is it?"


def yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def _entry_parts(entry: Entry, when: str | None) -> str:
    parts = [f"<b>{PLACE_NAMES[(entry.muscle, entry.side)]}</b>"]
    parts.append(SEVERITY_NAMES[entry.severity].lower())
    if when is not None:
        parts.append(when)
    if entry.woke is not None:
        parts.append("woke you up" if entry.woke else "did not wake you")
    if entry.trigger is not None:
        parts.append(f"possible trigger: {TRIGGER_LABELS[entry.trigger].lower()}")
    return ", ".join(parts)


def entry_summary(entry: Entry) -> str:
    return _entry_parts(entry, WHEN_LABELS[entry.when_kind].lower())


def log_saved(summary: str, final: bool) -> str:
    if final:
        return f"✅ Saved: {summary}.\n\nSee /history or /stats any time."
    return (
        f"✅ Saved: {summary}.\n\n"
        "Add details if you like; each tap is saved straight away: when it happened, "
        "whether it woke you, and a possible trigger."
    )


HISTORY_EMPTY = "Your diary is empty. When a cramp happens, send /log: it takes a few taps."
HISTORY_PREVIOUS = "« Previous"
HISTORY_NEXT = "Next »"
HISTORY_DELETE = "🗑 {number}"
HISTORY_DELETE_YES = "Yes, delete it"
HISTORY_DELETE_NO = "No, keep it"
HISTORY_WHEN = {"night": "during the night", "earlier": "earlier in the day"}


def history_entry(entry: Entry, local: datetime) -> str:
    """Approximate times ("during the night") are shown as such, not as a false clock time."""
    when = f"{local:%H:%M}" if entry.when_kind == "now" else HISTORY_WHEN[entry.when_kind]
    return f"{local:%a} {local.day} {local:%b}, {when}: {_entry_parts(entry, None)}"


def history_page(lines: list[tuple[int, str]], page: int, pages: int, total: int) -> str:
    entries = "entry" if total == 1 else "entries"
    listing = "\n".join(f"{number}. {line}" for number, line in lines)
    return (
        f"📖 <b>Your cramp diary</b>: {total} {entries}, page {page + 1} of {pages}, "
        f"newest first.\n\n{listing}\n\nTap 🗑 and a number to delete that entry."
    )


def history_delete_ask(line: str) -> str:
    return f"Delete this entry from your diary?\n\n{line}"


STATS_EMPTY = "No cramps logged yet, so there is nothing to count. When a cramp happens, send /log."
CHART_TITLE = "Cramps per day, last 30 days"
CHART_Y_LABEL = "Cramps"
CHART_CAPTION = "📊 Cramps per day over the last 30 days, by severity."


def chart_day(day: date) -> str:
    return f"{day.day} {day:%b}"


def _names(values: tuple[str, ...], names: dict[str, str]) -> str:
    return " and ".join(names[value].lower() for value in values) or "none noted"


def stats_window(summary: WindowSummary) -> str:
    heading = f"<b>Last {summary.days} days</b>"
    if summary.average_severity is None:
        return f"{heading}\nNo cramps logged."
    level = SEVERITY_NAMES[round(summary.average_severity)].lower()
    return (
        f"{heading}\n"
        f"Cramps: {summary.count}\n"
        f"Nights disturbed: {summary.nights}\n"
        f"Average severity: {summary.average_severity:.1f} of 3 ({level})\n"
        f"Most common muscle: {_names(summary.top_muscles, MUSCLE_NAMES)}\n"
        f"Most common trigger: {_names(summary.top_triggers, TRIGGER_LABELS)}"
    )


def stats(windows: list[WindowSummary]) -> str:
    return "📊 <b>Your cramps</b>\n\n" + "\n\n".join(stats_window(w) for w in windows)


EXPORT_EMPTY = "Your diary is empty, so there is nothing to export yet. Send /log to start one."
CSV_HEADER = (
    "Date",
    "Time",
    "When",
    "Muscle",
    "Side",
    "Severity",
    "Woke me up",
    "Possible trigger",
    "Logged at",
    "Time zone",
)


def export_caption(count: int, timezone: str) -> str:
    entries = "entry" if count == 1 else "entries"
    return (
        f"📄 Your cramp diary: {count} {entries}, times in {escape(timezone)} time. "
        "It opens in any spreadsheet, ready to show your doctor."
    )


FORGET_YES = "Yes, erase everything"
FORGET_NO = "No, keep my data"
FORGET_NOTHING = "I don't store anything about you."
FORGET_DONE = "Done: everything I stored about you is erased. If you send /start, we begin afresh."
FORGET_KEPT = "Nothing was erased."


def forget_confirm(entries: int) -> str:
    return (
        "Erase everything I store about you? That is your cramp diary "
        f"({entries} {'entry' if entries == 1 else 'entries'}), your daily tip subscription "
        "and settings, and the record of tips sent to you.\n\n<b>This cannot be undone.</b> "
        "To keep a copy of your diary, send /export first."
    )


def red_flag(total: int, severe: int, item: Item, catalogue: Catalogue) -> str:
    return (
        "🩺 <b>A gentle note</b>\n\n"
        f"You have logged {total} {'cramp' if total == 1 else 'cramps'} in the last 7 days "
        f"({severe} severe). {escape(item.short)}\n\n"
        f"{SEE_DOCTOR}\n\n{_sources(item, catalogue)}\n\n"
        "I mention this at most once a week.\n\n"
        f"{DISCLAIMER}"
    )
