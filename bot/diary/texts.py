"""What a user reads in the cramp diary: logging, history, stats, export, the red-flag note."""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from typing import TYPE_CHECKING

from bot.core.texts import NOT_ADVICE_FOOTER, plural
from bot.diary.logic import RED_FLAG_DAYS, RED_FLAG_SEVERE, RED_FLAG_TOTAL
from bot.knowledge.texts import sources

if TYPE_CHECKING:
    from bot.diary.stats import WindowSummary
    from bot.diary.store import Entry
    from bot.diary.vocabulary import Muscle, Side
    from bot.knowledge.content import Catalogue, Item


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
    "medication": "A medicine",
    "other": "Something else",
}


LOG_CANCEL = "✖ Cancel"


LOG_UNDO = "↩️ Undo"


LOG_DONE = "✅ Done"


LOG_WHERE = "📝 <b>Log a cramp</b>\n\nWhere is the cramp?"


LOG_CANCELLED = "Nothing was logged. Send /log whenever you need it."


LOG_REPLACED = "Nothing was logged here: you started a new log below."


LOG_NOW = "📝 Log a cramp"


LOG_SAVED_TOAST = "Saved"


LOG_UNDONE = "↩️ Deleted: that cramp is not in your diary any more."


DELETED_TOAST = "Deleted"


def log_severity(muscle: Muscle, side: Side) -> str:
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
    listing = "\n".join(f"{number}. {line}" for number, line in lines)
    return (
        f"📖 <b>Your cramp diary</b>: {plural(total, 'entry', 'entries')}, "
        f"page {page + 1} of {pages}, newest first.\n\n{listing}\n\n"
        "Tap 🗑 and a number to delete that entry."
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
    return (
        f"📄 Your cramp diary: {plural(count, 'entry', 'entries')}, "
        f"times in {escape(timezone)} time. It opens in any spreadsheet, ready to show your doctor."
    )


def red_flag(total: int, severe: int, item: Item, catalogue: Catalogue) -> str:
    """The threshold is ours: the articles never tie how often or how badly cramps come
    to seeing a doctor, so the note says so and quotes them only for what they do say."""
    return (
        "🩺 <b>A gentle note</b>\n\n"
        f"You have logged {plural(total, 'cramp', 'cramps')} in the last "
        f"{RED_FLAG_DAYS} days ({severe} severe). When {RED_FLAG_TOTAL} or more cramps, or "
        f"{RED_FLAG_SEVERE} or more severe ones, come within {RED_FLAG_DAYS} days, I suggest "
        "checking whether the advice below applies to you. That threshold is my own "
        "suggestion: the articles do not say how often or how badly cramps should come "
        "before you act.\n\n"
        f"<b>What the articles say</b>\n{escape(item.short)}\n\n"
        f"{sources(item, catalogue)}\n\n"
        "I mention this at most once a week.\n\n"
        f"{NOT_ADVICE_FOOTER}"
    )
