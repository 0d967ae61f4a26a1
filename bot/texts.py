"""Every word a user reads, in one place, so copy can be reviewed and translated.

Messages are sent with HTML parse mode; anything that comes from content or users is
escaped here, at the edge.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from html import escape, unescape
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
    ("time", "Set the time of your daily tip"),
    ("timezone", "Set your time zone"),
    ("settings", "Your daily-tip settings"),
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


# --- Daily tip and its settings (issue 4) ----------------------------------------------

DAILY_TIP_HEADER = "💡 <b>Your tip for today</b>"
DAILY_REASONS = {
    "night": "night cramps",
    "exercise": "cramps around exercise",
    "standing": "cramps after standing for a long time",
    "sitting": "cramps after sitting for a long time",
    "dehydration": "cramps when you had not drunk enough",
    "medication": "cramps you linked to a medicine",
}
LOG_CRAMP = "📝 Log a cramp"
CHANGE_TIME = "⏰ Change time"
CHANGE_ZONE = "🌍 Change time zone"
SHARE_LOCATION = "📍 Share location"

TIME_PROMPT = (
    "When would you like your daily tip? Tap a time below, or send one on the 24-hour "
    "clock, for example <code>/time 07:30</code>."
)
TIME_BAD = (
    "I couldn't read “{value}” as a time. Please send hours and minutes on the 24-hour "
    "clock, for example <code>/time 07:30</code> or <code>/time 21:00</code>.\n"
    "Your settings have not changed."
)
ZONE_PROMPT = (
    "Which time zone are you in? Tap one below, tap “Share location”, or send its "
    "name, for example <code>/timezone Europe/Berlin</code> or "
    "<code>/timezone America/New_York</code>."
)
ZONE_LOCATION_PROMPT = (
    "📍 To find your zone from where you are, tap “Share location” below. I only use it "
    "to work out your time zone and do not keep it."
)
ZONE_BAD = (
    "I don't know the time zone “{value}”. Please send an Area/City name from the time "
    "zone database, for example <code>/timezone Europe/Berlin</code> or "
    "<code>/timezone America/New_York</code>.\nYour settings have not changed."
)
ZONE_NOT_FOUND = (
    "I couldn't work out a time zone for that place. Please send its name instead, for "
    "example <code>/timezone Europe/Berlin</code>. Your settings have not changed."
)
NOT_SUBSCRIBED_HINT = "You are not subscribed to the daily tip: send /start to get it."


def daily_tip(item: Item, catalogue: Catalogue, trigger: str | None) -> str:
    parts = [DAILY_TIP_HEADER, f"<b>{escape(item.title)}</b>\n{escape(item.short)}"]
    if trigger in DAILY_REASONS:
        parts.append(f"<i>Chosen for you because you logged {DAILY_REASONS[trigger]}.</i>")
    if item.see_doctor:
        parts.append(SEE_DOCTOR)
    parts.append(_sources(item, catalogue))
    return "\n\n".join(parts)


def _local(moment: datetime) -> str:
    return f"{moment:%a} {moment.day} {moment:%b}, {moment:%H:%M}"


def _next_tip(next_local: datetime | None) -> str:
    return f"Next tip: <b>{_local(next_local)}</b>." if next_local else NOT_SUBSCRIBED_HINT


def time_set(tip_time: time, timezone: str, next_local: datetime | None) -> str:
    return (
        f"Done: your daily tip comes at <b>{tip_time:%H:%M}</b> ({escape(timezone)} time).\n"
        + _next_tip(next_local)
    )


def zone_set(timezone: str, tip_time: time, next_local: datetime | None) -> str:
    return (
        f"Done: your time zone is <b>{escape(timezone)}</b>. Your daily tip comes at "
        f"<b>{tip_time:%H:%M}</b> there.\n" + _next_tip(next_local)
    )


def settings(subscribed: bool, tip_time: time, timezone: str, next_local: datetime | None) -> str:
    status = "subscribed ✅" if subscribed else "not subscribed (send /start to subscribe)"
    lines = [
        "<b>Your daily tip</b>",
        f"Daily tip: {status}",
        f"Time: <b>{tip_time:%H:%M}</b>",
        f"Time zone: <b>{escape(timezone)}</b>",
    ]
    if subscribed and next_local:
        lines.append(f"Next tip: <b>{_local(next_local)}</b>")
    return "\n".join(lines) + "\n\nChange them with /time and /timezone, or the buttons below."


# --- Admin tools (issue 5) -----------------------------------------------------------

ADMIN_COMMANDS: tuple[tuple[str, str], ...] = (
    ("admin", "Team: how the bot is doing"),
    ("broadcast", "Team: send a message to every subscriber"),
    ("addtip", "Team: add a tip to the daily rotation"),
    ("removetip", "Team: take a team tip out of the rotation"),
)
ADMIN_ONLY = "Sorry, that command is only for the bot's team."


def broadcast_usage(limit: int) -> str:
    return (
        "Send <code>/broadcast your message</code>, or reply to a message with /broadcast to "
        f"send that message's text and formatting. At most {limit} characters."
    )


BROADCAST_NOT_TEXT = (
    "I can only broadcast text. Reply with /broadcast to a message that has text or a caption."
)
BROADCAST_NO_SUBSCRIBERS = "There are no subscribers yet, so there is nobody to send to."
BROADCAST_CANCEL = "✖️ Cancel"
BROADCAST_CANCELLED = "Broadcast cancelled: nothing was sent."
BROADCAST_STALE = (
    "This preview is no longer current (already sent, cancelled or replaced by a newer one). "
    "Nothing was sent this time."
)
BROADCAST_EXPIRED = "This preview is more than an hour old. Send /broadcast again."
BROADCAST_CONFIRMED = "Confirmed, sending."


def too_long(what: str, length: int, limit: int) -> str:
    return f"That {what} has {length} characters; the limit is {limit}. Please shorten it."


def broadcast_send_button(subscribers: int) -> str:
    return f"✅ Send to {subscribers} subscriber{'' if subscribers == 1 else 's'}"


def broadcast_queued(broadcast_id: int, ahead: int) -> str:
    if ahead == 0:
        return f"📣 Broadcast #{broadcast_id}: starting…"
    waiting = "1 other broadcast" if ahead == 1 else f"{ahead} other broadcasts"
    return f"📣 Broadcast #{broadcast_id} is queued behind {waiting}; it starts after them."


def broadcast_figures(
    total: int, sent: int, blocked: int, failed: int, unknown: int, remaining: int
) -> list[tuple[str, int]]:
    """Shared by the Telegram status message, the bot's log and the shell's stats."""
    figures = [("Sent", sent), ("Blocked", blocked), ("Failed", failed)]
    if unknown:
        figures.append(("Unconfirmed (not resent)", unknown))
    if remaining:
        figures.append(("Remaining", remaining))
    return [("Recipients", total), *figures]


def broadcast_status(
    broadcast_id: int, state: str, figures: list[tuple[str, int]], seconds: float | None
) -> str:
    """`state` is "sending" or "finished"."""
    title = f"📣 <b>Broadcast #{broadcast_id}</b>: {state}"
    if seconds is not None:
        title += f" in {duration(seconds)}"
    return "\n".join([title, *(f"{label}: {value}" for label, value in figures)])


def duration(seconds: float) -> str:
    minutes, secs = divmod(round(seconds), 60)
    return f"{minutes} min {secs} s" if minutes else f"{secs} s"


def addtip_usage(limit: int) -> str:
    return (
        "Send <code>/addtip your tip</code> to add a tip to the daily rotation. "
        f"At most {limit} characters."
    )


REMOVETIP_USAGE = (
    "Send <code>/removetip number</code> to take a team tip out of the rotation, "
    "like <code>/removetip 3</code>. /tips lists them."
)
ALSO_BROADCAST = "📣 Also broadcast now"
TEAM_TIP_MARK = "👥"
TEAM_TIP_NO_LONGER = "That team tip was removed, so there is nothing to broadcast."


def team_tip(text: str) -> str:
    """A team tip as subscribers read it, in the list, the rotation and broadcasts."""
    return f"{TEAM_TIP_MARK} <b>From the team</b>\n\n{escape(text)}"


def daily_team_tip(text: str) -> str:
    """A team tip as the daily tip; it has no source document to name."""
    return f"{DAILY_TIP_HEADER}\n\n{team_tip(text)}"


def team_tip_button(text: str) -> str:
    first_line = " ".join(text.split())
    label = first_line if len(first_line) <= 36 else first_line[:35].rstrip() + "…"
    return f"{TEAM_TIP_MARK} {label}"


def tip_added(tip_id: int, text: str) -> str:
    return (
        f"Added team tip #{tip_id} to the daily rotation. Subscribers will see it like this:\n"
        f"\n{team_tip(text)}\n\nTake it out again with <code>/removetip {tip_id}</code>."
    )


def tip_removed(tip_id: int) -> str:
    return f"Team tip #{tip_id} is out of the daily rotation."


def tip_not_found(tip_id: int) -> str:
    return f"There is no team tip #{tip_id} in the rotation. /tips lists the team tips."


def admin_stats_figures(
    subscribers: int,
    active_7d: int,
    blocked: int,
    cramps_7d: int,
    cramps_30d: int,
    tips_today: int,
) -> list[tuple[str, int]]:
    return [
        ("Subscribers", subscribers),
        ("Active in the last 7 days", active_7d),
        ("Blocked the bot", blocked),
        ("Cramps logged, last 7 days", cramps_7d),
        ("Cramps logged, last 30 days", cramps_30d),
        ("Daily tips delivered today (UTC)", tips_today),
    ]


NO_BROADCAST_YET = "No broadcast has finished yet."


def admin_stats(figures: list[tuple[str, int]], last_broadcast: str) -> str:
    lines = "\n".join(f"{label}: <b>{value}</b>" for label, value in figures)
    return f"📊 <b>How the bot is doing</b>\n\n{lines}\n\n<b>Last broadcast</b>\n{last_broadcast}"


def plain(html_text: str) -> str:
    """Our HTML as the shell and the log show it."""
    return unescape(re.sub(r"<[^>]+>", "", html_text))


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


# --- Running for real: console and log lines for the operator --------------------------

WEBHOOK_NOT_SET = (
    "Configuration error: WEBHOOK_URL is not set; `python -m bot webhook` needs it "
    "(and WEBHOOK_SECRET). Use `python -m bot` for long polling."
)


TOKEN_REJECTED = (
    "Cannot start: Telegram rejected TELEGRAM_BOT_TOKEN (revoked or mistyped?). "
    "Copy the current token from @BotFather."
)


def start_failed(api_url: str, error: object) -> str:
    return (
        f"Cannot start: the Bot API at {api_url} did not answer ({error}). Check "
        "TELEGRAM_API_URL and the network; a supervisor restarting the bot will retry."
    )


def starting(mode: str, database: object) -> str:
    return f"starting ({mode}); database {database}"


def instance_refused(hostname: str, pid: int, started_at: datetime) -> str:
    return (
        f"Refused: the bot already runs on this database (host {hostname}, pid {pid}, "
        f"since {started_at:%Y-%m-%d %H:%M:%S} UTC). Stop it first: two copies on one "
        "token make Telegram reject both."
    )


def instance_taken_over(hostname: str, pid: int, heartbeat_at: datetime) -> str:
    return (
        f"took over the instance lock from host {hostname} pid {pid}, which stopped "
        f"without releasing it (last heartbeat {heartbeat_at:%Y-%m-%d %H:%M:%S} UTC)"
    )


INSTANCE_LOST = "another process took over the instance lock (this one looked dead to it); stopping"


def shutdown_report(
    daily_done: str | None,
    daily_left: int,
    broadcast_id: int | None,
    broadcast_left: int,
    seconds: float,
) -> str:
    daily = f"daily tips finished in flight ({daily_done})" if daily_done else "no daily tip run"
    parts = [f"shutdown: {daily}; {daily_left} still due go out on the next start"]
    if broadcast_id is not None:
        parts.append(f"broadcast #{broadcast_id}: {broadcast_left} left, resumes on the next start")
    return "; ".join(parts) + f" (took {seconds:.1f}s)"


CHECK_OK = "OK"
CHECK_FAIL = "FAIL"
CHECK_READY = "Ready."
CHECK_NOT_READY = "Not ready: fix the FAIL lines above."


def check_line(ok: bool, name: str, detail: str) -> str:
    return f"{CHECK_OK if ok else CHECK_FAIL:<4}  {name}: {detail}"
