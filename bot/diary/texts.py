"""What a user reads in the cramp diary: logging, history, stats, export, the red-flag note."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from html import escape
from typing import TYPE_CHECKING

from bot.core.texts import BOT_NAME, CHOSEN, NOT_ADVICE_FOOTER, plural
from bot.diary.insights import AfterTried, Insight, Months, TimeOfDay, TriggerNights
from bot.diary.logic import RED_FLAG_DAYS, RED_FLAG_SEVERE, RED_FLAG_TOTAL
from bot.knowledge.texts import sources

if TYPE_CHECKING:
    from bot.diary.night_states import NightCounts
    from bot.diary.report_figures import Span
    from bot.diary.stats import WindowSummary
    from bot.diary.store import Entry
    from bot.diary.vocabulary import Duration, Muscle, Side
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


WHEN_LABELS = {
    "now": "Just now",
    "night": "During the night",
    "earlier": "Earlier today",
    "yesterday": "Yesterday",
    "two-days-ago": "2 days ago",
}


DAY_PART_LABELS = {
    "night": "🌙 Night",
    "morning": "Morning",
    "afternoon": "Afternoon",
    "evening": "Evening",
}


DAY_PART_NAMES = {
    "night": "at night",
    "morning": "in the morning",
    "afternoon": "in the afternoon",
    "evening": "in the evening",
}


DURATION_LABELS = {
    "under-1": "Under a minute",
    "1-5": "1-5 minutes",
    "5-15": "5-15 minutes",
    "longer": "Longer",
}


DURATION_NAMES = {
    "under-1": "under a minute",
    "1-5": "1 to 5 minutes",
    "5-15": "5 to 15 minutes",
    "longer": "more than 15 minutes",
}


TRIED_LABELS = {
    "stretched": "Stretched the muscle",
    "walked": "Walked or stood up",
    "water": "Drank water",
    "rested": "Rested",
    "other": "Something else",
}


TRIED_NAMES = {
    "stretched": "stretched the muscle",
    "walked": "walked or stood up",
    "water": "drank water",
    "rested": "rested",
    "other": "did something else",
}


HELPED_LABELS = {"a-lot": "Helped a lot", "a-little": "A little", "not-at-all": "Not at all"}


HELPED_NAMES = {
    "a-lot": "helped a lot",
    "a-little": "helped a little",
    "not-at-all": "did not help",
}


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


def log_where(when: str) -> str:
    """A flow opened for another time than now (the morning check-in) says which."""
    if when == "now":
        return LOG_WHERE
    return f"📝 <b>Log a cramp</b> ({WHEN_LABELS[when].lower()})\n\nWhere was the cramp?"


LOG_CANCELLED = "Nothing was logged. Send /log whenever you need it."


LOG_REPLACED = "Nothing was logged here: you started a new log below."


LOG_NOW = "📝 Log a cramp"


LOG_SAVED_TOAST = "Saved"


LOG_UNDONE = "↩️ Deleted: that cramp is not in your diary any more."


DELETED_TOAST = "Deleted"


def log_severity(muscle: Muscle, side: Side) -> str:
    return f"📝 <b>{PLACE_NAMES[(muscle, side)]}</b>\n\nHow bad is it?"


def place_name(entry: Entry) -> str:
    """ "Elsewhere" with the name the user typed, when they gave one."""
    if entry.place:
        return f"{escape(entry.place)} ({SIDE_NAMES[entry.side].lower()})"
    return PLACE_NAMES[(entry.muscle, entry.side)]


def _sorted_names(values: Iterable[str], names: dict[str, str]) -> list[str]:
    """In the vocabulary's order, which is the order the buttons show."""
    return [name for key, name in names.items() if key in set(values)]


def _entry_parts(entry: Entry, when: str | None) -> str:
    parts = [f"<b>{place_name(entry)}</b>"]
    parts.append(SEVERITY_NAMES[entry.severity].lower())
    if when is not None:
        parts.append(when)
    if entry.woke is not None:
        parts.append("woke you up" if entry.woke else "did not wake you")
    if entry.duration is not None:
        parts.append(f"lasted {DURATION_NAMES[entry.duration]}")
    if entry.triggers:
        triggers = _sorted_names(entry.triggers, TRIGGER_LABELS)
        label = "possible trigger" if len(triggers) == 1 else "possible triggers"
        parts.append(f"{label}: " + " and ".join(name.lower() for name in triggers))
    if entry.tried:
        did = "you " + " and ".join(_sorted_names(entry.tried, TRIED_NAMES))
        if entry.helped is not None:
            did += f", which {HELPED_NAMES[entry.helped]}"
        parts.append(did)
    elif entry.helped is not None:
        parts.append(f"what you did {HELPED_NAMES[entry.helped]}")
    text = ", ".join(parts)
    if entry.note:
        text += f"\n   📝 <i>{escape(entry.note)}</i>"
    return text


def when_name(entry: Entry) -> str:
    """The day as the user gave it, narrowed by the time of day when they gave one."""
    name = WHEN_LABELS[entry.when_kind].lower()
    return f"{name}, {DAY_PART_NAMES[entry.day_part]}" if entry.day_part else name


def entry_summary(entry: Entry) -> str:
    return _entry_parts(entry, when_name(entry))


def log_saved(summary: str, final: bool) -> str:
    if final:
        return f"✅ Saved: {summary}.\n\nSee /history or /stats any time."
    return (
        f"✅ Saved: {summary}.\n\n"
        "Add details if you like; each tap is saved straight away: when it happened, "
        "whether it woke you, how long it lasted, possible triggers, what you did about "
        "it, and a note."
    )


def entry_edit(summary: str, logged: date) -> str:
    """ "Yesterday" on an old entry counts from the day it was logged, so that day is named."""
    return (
        f"✏️ <b>Change this entry</b>\n\n{summary}.\n\n"
        f"Logged on {logged:%a} {logged.day} {logged:%b}: “earlier today”, “yesterday” and "
        "“2 days ago” count from that day. Each tap is saved straight away."
    )


SECTION_PLACE = "📍 Where, how bad"


SECTION_DURATION = "⏱ How long"


SECTION_TRIGGERS = "⚡ Triggers"


SECTION_TRIED = "🧘 What I did"


NOTE_ADD = "📝 Add a note"


NOTE_CHANGE = "📝 Change the note"


NOTE_REMOVE = "✖ Remove the note"


NAME_PLACE = "✏️ Name the place"


EDIT_DELETE = "🗑 Delete"


EDIT_BACK = "« Back to history"


def ask_place(summary: str) -> str:
    return f"{summary}.\n\n📍 Where was the cramp, and how bad was it?"


def ask_duration(summary: str) -> str:
    return f"{summary}.\n\n⏱ How long did it last?"


def ask_triggers(summary: str) -> str:
    return (
        f"{summary}.\n\n⚡ What might have brought it on? Tap each that applies; "
        "tap a ticked one again to take it off."
    )


def ask_tried(summary: str) -> str:
    """The user's own record: the bot names no treatment here, it only keeps what they did."""
    return (
        f"{summary}.\n\n🧘 What did you do when it came, and did it help? Tap each thing "
        "you did (tap again to take it off). This is your own record, not advice."
    )


NOTE_MAX_LENGTH = 500


ASK_NOTE = (
    "📝 Send your note about this cramp as a message (up to 500 characters): what you "
    "were doing, say, or anything you want your doctor to see. It goes in /history, the "
    "export and the report. Send a command instead to leave it."
)


ASK_PLACE = (
    "✏️ Where was it? Send the name of the place as a message (up to 40 characters), "
    "for example “hand” or “lower back”. Send a command instead to leave it."
)


ASK_PLACEHOLDERS = {"diary-note": "Your note", "diary-place": "The place, e.g. hand"}


NOTE_SAVED = "📝 Note saved."


PLACE_SAVED = "✏️ Place saved."


TEXT_ONLY = "Please send it as text."


TYPED_FOR_NOTHING = (
    "That entry is not in your diary any more, so I did not save this. Send /history to "
    "see your entries."
)


PLACE_FOR_NOTHING = (
    "That cramp is not logged as “elsewhere” any more, so there is no place to name. "
    "Nothing was saved."
)


def too_long(length: int, limit: int) -> str:
    return (
        f"That is {length} characters; I can keep up to {limit}. Please send a shorter "
        "version (nothing was saved yet)."
    )


PLACE_MAX_LENGTH = 40


HISTORY_EMPTY = "Your diary is empty. When a cramp happens, send /log: it takes a few taps."


HISTORY_PREVIOUS = "« Previous"


HISTORY_NEXT = "Next »"


HISTORY_DELETE = "🗑 {number}"


HISTORY_DELETE_YES = "Yes, delete it"


HISTORY_DELETE_NO = "No, keep it"


HISTORY_WHEN = {
    "night": "during the night",
    "earlier": "earlier in the day",
    "yesterday": "during the day",
    "two-days-ago": "during the day",
}


HISTORY_EDIT = "✏️ {number}"


def history_entry(entry: Entry, local: datetime) -> str:
    """Approximate times ("during the night") are shown as such, not as a false clock time."""
    if entry.when_kind == "now":
        when = f"{local:%H:%M}"
    elif entry.day_part is not None:
        when = DAY_PART_NAMES[entry.day_part]
    else:
        when = HISTORY_WHEN[entry.when_kind]
    return f"{local:%a} {local.day} {local:%b}, {when}: {_entry_parts(entry, None)}"


def history_page(lines: list[tuple[int, str]], page: int, pages: int, total: int) -> str:
    listing = "\n".join(f"{number}. {line}" for number, line in lines)
    return (
        f"📖 <b>Your cramp diary</b>: {plural(total, 'entry', 'entries')}, "
        f"page {page + 1} of {pages}, newest first.\n\n{listing}\n\n"
        "Tap ✏️ and a number to change that entry, or 🗑 to delete it."
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


NOT_RECORDED = "not recorded"


def csv_header(timezone: str) -> tuple[str, ...]:
    """The zone's name is in the header once, so every time below is read in it."""
    return (
        "Date",
        f"Time ({timezone})",
        "When",
        "Muscle",
        "Place (as typed)",
        "Side",
        "Severity",
        "Woke me up",
        "How long",
        "Possible triggers",
        "What I did",
        "Did it help",
        "Note",
        f"Logged at ({timezone})",
    )


CSV_NIGHT = "night"


def csv_earlier(logged: datetime) -> str:
    """ "Earlier today" says only that it was before logging: the cell says exactly that."""
    return f"before {logged:%H:%M}"


def csv_yes_no(value: bool | None) -> str:
    return NOT_RECORDED if value is None else ("yes" if value else "no")


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


# -- /report: the PDF for a doctor -----------------------------------------------------

REPORT_PERIODS = {"30": "Last 30 days", "90": "Last 90 days", "all": "Everything"}


PAPER_NAMES = {"a4": "A4", "letter": "Letter"}


def report_ask(paper: str, with_name: bool) -> str:
    name = (
        "Your name is on it. Tap the button again to leave it off."
        if with_name
        else "Your name is not on it unless you tap “Add my name”."
    )
    return (
        "📄 <b>A report for your doctor</b>\n\n"
        "One or two printable pages: your cramps in figures and a chart, the triggers you "
        "noted, and questions you may want to ask, with their sources.\n\n"
        f"Paper: {PAPER_NAMES[paper]}. {name}\n\n"
        "Which period should it cover?"
    )


def report_paper_button(paper: str) -> str:
    return f"📄 Paper: {PAPER_NAMES[paper]} (tap to switch)"


REPORT_ADD_NAME = "✍️ Add my name"


REPORT_NAME_ADDED = CHOSEN + "My name is on it"


REPORT_MAKING = "Making your report…"


def report_empty(period: str) -> str:
    when = "at all" if period == "all" else f"in the {REPORT_PERIODS[period].lower()}"
    return (
        f"No cramps are logged {when}, so there is no report to make: a blank page would "
        "not help your doctor. When a cramp happens, send /log; or pick a longer period."
    )


def report_caption(period: str, span: Span, count: int) -> str:
    return (
        f"📄 Your leg-cramp report, {REPORT_PERIODS[period].lower()} "
        f"({pdf_date(span.first)} to {pdf_date(span.last)}): "
        f"{plural(count, 'cramp', 'cramps')}. Print it or show it on your phone."
    )


def report_file_name(span: Span) -> str:
    return f"cramp-report-{span.first.isoformat()}-to-{span.last.isoformat()}.pdf"


def pdf_date(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


PDF_TITLE = "Leg-cramp diary"


def pdf_period(period: str, span: Span) -> str:
    return (
        f"{REPORT_PERIODS[period]}: {pdf_date(span.first)} to {pdf_date(span.last)} "
        f"({plural(span.days, 'day', 'days')})"
    )


def pdf_made(made: datetime, timezone: str) -> str:
    return f"Made on {pdf_date(made.date())} at {made:%H:%M}. Time zone: {timezone}"


def pdf_name(name: str) -> str:
    return f"Name: {name}"


PDF_FIGURES = "The figures"


PDF_PART_OF_DAY = {
    "night": "night",
    "morning": "morning",
    "afternoon": "afternoon",
    "evening": "evening",
    "earlier": "time of day not given",
}


def pdf_counts(pairs: list[tuple[str, int]], total: int) -> str:
    """ "mild 3 (25%), moderate 9 (75%)": a count and its share of all cramps."""
    return (
        ", ".join(f"{label} {count} ({round(100 * count / total)}%)" for label, count in pairs)
        or NOT_RECORDED
    )


PDF_CRAMPS = "Cramps logged"


PDF_DAYS_WITH_CRAMPS = "Days with a cramp"


def pdf_of_days(count: int, days: int) -> str:
    return f"{count} of {days}"


PDF_NIGHTS_DISTURBED = "Nights disturbed by cramps"


PDF_FREE_NIGHTS = "Cramp-free nights confirmed"


PDF_NIGHTS_UNKNOWN = "Nights unknown"


def pdf_nights_unknown(count: int) -> str:
    return f"{count} (no cramp logged, and not confirmed free)"


PDF_SEVERITY = "Severity"


PDF_DURATION = "Typical duration"


PDF_TIME_OF_DAY = "Time of day"


PDF_WOKE = "Woke them up"


PDF_MUSCLES = "Muscles"


PDF_SIDES = "Sides"


PDF_TRIGGERS = "Possible triggers the user noted"


PDF_NO_TRIGGERS = "None noted."


def pdf_trigger_line(label: str, count: int, cramps: int) -> str:
    return f"{label}: {count} of {plural(cramps, 'cramp', 'cramps')}"


def pdf_duration(
    typical: Duration | None, durations: tuple[tuple[Duration, int], ...], cramps: int
) -> str:
    """ "1 to 5 minutes (6 of the 9 cramps with a duration given; 12 cramps in all)"."""
    if typical is None:
        return NOT_RECORDED
    given = sum(count for _, count in durations)
    return (
        f"{DURATION_NAMES[typical]} ({dict(durations)[typical]} of the {given} "
        f"{'cramp' if given == 1 else 'cramps'} with a duration given; "
        f"{plural(cramps, 'cramp', 'cramps')} in all)"
    )


PDF_TRIED = "What the user did, and whether it helped (their own answers)"


PDF_NO_TRIED = "Nothing noted."


def pdf_tried_line(tried: str, times: int, helped: tuple[tuple[str, int], ...]) -> str:
    """ "Stretched the muscle: 6 times; helped a lot 4, a little 1 (1 without an answer)"."""
    answers = ", ".join(f"{PDF_HELPED[answer]} {count}" for answer, count in helped)
    unanswered = times - sum(count for _, count in helped)
    line = f"{TRIED_LABELS[tried]}: {plural(times, 'time', 'times')}"
    if answers:
        line += f"; {answers}"
    if unanswered:
        line += f" ({unanswered} without an answer)"
    return line


PDF_HELPED = {"a-lot": "helped a lot", "a-little": "a little", "not-at-all": "not at all"}


PDF_NOTES = "The user's notes, newest first"


def pdf_note(day: date, note: str) -> str:
    return f"{pdf_date(day)}: {note}"


def pdf_notes_left_out(count: int) -> str:
    return f"{plural(count, 'older note', 'older notes')} did not fit; all notes are in /export."


def pdf_chart_title(unit: str) -> str:
    return f"Cramps per {unit}, by severity"


PDF_CHART_FREE = "Cramp-free night (confirmed)"


PDF_QUESTIONS = "Questions you may want to ask"


PDF_QUESTIONS_INTRO = (
    "The articles this companion draws on suggest talking to a doctor about these points. "
    "They are questions, not a diagnosis."
)


REPORT_QUESTIONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (
        ("medications",),
        "Could a medicine I take, for example a diuretic or a statin, play a part in my cramps?",
    ),
    (
        ("medical-conditions",),
        "Could a health condition such as diabetes or peripheral artery disease be behind my "
        "cramps, and is it worth checking?",
    ),
    (
        ("nerve-compression", "medical-attention"),
        "Could pressure on a nerve, as with sciatica or lumbar stenosis, have something to do "
        "with my cramps?",
    ),
)
"""Each question with the content items it rests on (their sources are cited under it)."""


def pdf_medication_noted(count: int) -> str:
    return (
        "The user noted “a new medication” as a possible trigger for "
        f"{plural(count, 'cramp', 'cramps')}."
    )


def pdf_source(document: str, place: str) -> str:
    return f"Source: {document}, {place}"


def pdf_sources(titles: tuple[str, ...]) -> str:
    return "Sources: " + "; ".join(titles) + "."


PDF_DISCLAIMER = (
    f"Not medical advice. The {BOT_NAME} is not a doctor: this report lists what the user "
    "logged and general information from the articles named above. For questions about "
    "their health, please ask a doctor."
)


def pdf_page_footer(page: int, pages: str) -> str:
    return f"{PDF_TITLE}, page {page} of {pages}. Not medical advice."


# -- Typed logging and cramp-free nights ---------------------------------------------------

NO_CRAMPS_LAST_NIGHT = "😌 No cramps last night"


TYPED_NOT_UNDERSTOOD = (
    "I didn't find a cramp to log in that. To log one, write it as you would say it, "
    "for example “cramp in my left calf, mild” or “no cramps last night”, or tap a "
    "button below. /help lists everything I can do."
)


TYPED_NOT_GIVEN = "<i>not given</i>"


def typed_draft(where: str | None, side: str | None, severity: str | None, when: str) -> str:
    """Only what the message said is filled in: the rest waits for a tap."""
    return (
        "📝 <b>Log this cramp?</b>\n\n"
        f"Where: {where or TYPED_NOT_GIVEN}\n"
        f"Side: {side or TYPED_NOT_GIVEN}\n"
        f"How bad: {severity or TYPED_NOT_GIVEN}\n"
        f"When: {WHEN_LABELS[when]}\n\n"
        "Tap ✅ Save to log it, or a line to change it."
    )


TYPED_ASK = {
    "muscle": "Where was the cramp?",
    "side": "Which side?",
    "severity": "How bad was it?",
    "when": "When was it?",
}


def typed_ask(draft: str, field: str) -> str:
    return f"{draft}\n\n<b>{TYPED_ASK[field]}</b>"


TYPED_SAVE = "✅ Save"


def typed_change(field: str, value: str) -> str:
    return {"muscle": "📍 ", "side": "↔️ ", "severity": "🌡 ", "when": "🕒 "}[field] + value


def free_night_saved(night: date) -> str:
    return (
        f"😌 Noted: no cramps in the night to {night:%A} {night.day} {night:%B}. "
        "It counts as a cramp-free night in /stats. If a cramp comes after all, log it as usual."
    )


def night_not_over(night_to: date) -> str:
    return (
        f"The night to {night_to:%A} {night_to.day} {night_to:%B} isn't over yet, so I "
        "haven't noted anything. Tell me in the morning: “no cramps last night”, or the "
        "button under /log."
    )


def night_not_over_asking(night_to: date, at: str, tomorrow: bool) -> str:
    morning = "tomorrow morning" if tomorrow else "this morning"
    return (
        f"The night to {night_to:%A} {night_to.day} {night_to:%B} isn't over yet, so I "
        f"haven't noted anything. I'll ask you {morning} at {at}: one tap on "
        "“😌 None” notes it."
    )


def night_had_cramps(night: date, count: int) -> str:
    return (
        f"Your diary has {plural(count, 'cramp', 'cramps')} in the night to {night:%A} "
        f"{night.day} {night:%B}, so I haven't marked it cramp-free. /history shows your entries."
    )


def stats_nights(windows: list[tuple[int, NightCounts]]) -> str:
    """Unknown is said as such: a night nobody told me about is not a good night."""
    lines = [
        f"Last {days} nights: {counts.with_cramps} with cramps, {counts.free} cramp-free, "
        f"{counts.unknown} unknown"
        for days, counts in windows
    ]
    return (
        "🌙 <b>Nights</b>\n"
        + "\n".join(lines)
        + "\n<i>Unknown: no cramp logged and not told cramp-free. In the morning, tell me "
        "“no cramps last night”, or tap it under /log.</i>"
    )


CHART_FREE = "Cramp-free night"


# -- /insights -----------------------------------------------------------------------------

PART_OF_DAY_PHRASES = {
    "night": "at night",
    "morning": "in the morning",
    "afternoon": "in the afternoon",
    "evening": "in the evening",
}


def _over(days: int) -> str:
    return f"over the last {plural(days, 'day', 'days')}"


TRIED_PHRASES = {
    "stretched": "stretched the muscle",
    "walked": "walked or stood up",
    "water": "drank water",
    "rested": "rested",
    "other": "did something else",
}


HELPED_PHRASES = {
    "a-lot": "eased a lot",
    "a-little": "eased a little",
    "not-at-all": "did not ease",
}


def insight(found: Insight) -> str:
    """Each with its counts and the days it rests on; none says what brought a cramp on."""
    if isinstance(found, AfterTried):
        return (
            f"After you {TRIED_PHRASES[found.tried]}, {found.count} of "
            f"{plural(found.answered, 'cramp', 'cramps')} {HELPED_PHRASES[found.answer]}, "
            f"by your own answers, {_over(found.days)}."
        )
    if isinstance(found, TimeOfDay):
        return (
            f"Most of your cramps ({found.count} of {found.total}) came "
            f"{PART_OF_DAY_PHRASES[found.part]}, {_over(found.days)}."
        )
    if isinstance(found, TriggerNights):
        return (
            f"Nights after days you noted {TRIGGER_LABELS[found.trigger].lower()} as a "
            f"possible trigger: {plural(found.cramps_after, 'cramp', 'cramps')} in "
            f"{plural(found.nights_after, 'night', 'nights')}; other nights: "
            f"{found.cramps_other} in {found.nights_other}. That is "
            f"{found.nights_after + found.nights_other} nights you told me about, "
            f"{_over(found.days)}."
        )
    if isinstance(found, Months):
        return (
            f"This month so far: {plural(found.this_count, 'cramp', 'cramps')} in "
            f"{plural(found.this_days, 'day', 'days')}; last month ({found.last_month:%B}): "
            f"{found.last_count} in {plural(found.last_days, 'day', 'days')}."
        )
    return (
        f"Cramp-free nights: {found.free} of the {found.known} nights you told me about, "
        f"{_over(found.days)}. The longest run was {plural(found.longest, 'night', 'nights')} "
        f"in a row, to {found.longest_to.day} {found.longest_to:%B}."
    )


def insights(found: list[Insight]) -> str:
    listing = "\n\n".join(f"• {insight(each)}" for each in found)
    return (
        f"💡 <b>What your diary shows</b>\n\n{listing}\n\n"
        "<i>Counts from your own diary. They show what came together, not that one thing "
        "led to another. Each appears once there are at least 5 cases to count on each "
        "side. The buttons show what the articles say on a topic.</i>"
    )


INSIGHTS_NONE = (
    "💡 <b>Not enough to count yet</b>\n\n"
    "An insight appears once your diary has enough for it: at least 5 cases on each side, "
    "for example 5 nights after days with a noted trigger and 5 other nights. Log cramps "
    "with /log (or just type “cramp in my left calf”), and in the morning tell me about "
    "nights without cramps: “no cramps last night”."
)


def stats_insight(found: Insight | None) -> str:
    if found is None:
        return "💡 Insights come in /insights once there is enough to count."
    return f"💡 {insight(found)} More in /insights."


def topic_button(title: str) -> str:
    return f"📚 {title}"


TOPIC_GONE = "That item is no longer available. /tips and /causes list the current ones."
