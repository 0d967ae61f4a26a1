"""What a user reads in the daily tip and its settings."""

from __future__ import annotations

from datetime import date, datetime, time
from html import escape
from typing import TYPE_CHECKING

from bot.admin.texts import team_tip
from bot.core.texts import NOT_ADVICE_FOOTER, time_of_day
from bot.knowledge.texts import SEE_DOCTOR, sources

if TYPE_CHECKING:
    from bot.knowledge.content import Catalogue, Item


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
    "When would you like your daily tip? Tap a time below, or type one, for example "
    "<code>07:30</code>, <code>7:30 am</code> or <code>9pm</code>."
)


TIME_BAD = (
    "I couldn't read “{value}” as a time. Please send hours and minutes, for example "
    "<code>/time 07:30</code>, <code>/time 7:30 am</code> or <code>/time 21:00</code>; "
    "a whole hour also works with am or pm, as in <code>/time 9pm</code>.\n"
    "Your settings have not changed."
)


ZONE_PROMPT = (
    "Which time zone are you in? Tap one below, tap “Share location”, or type your "
    "city or zone, for example <code>Berlin</code> or <code>America/New_York</code>."
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


def zone_suggestions(value: str) -> str:
    """For an abbreviation or a city alone: which zone did they mean?"""
    return (
        f"“{escape(value)}” is not a full time zone name. Did you mean one of these? "
        "Tap yours, or send its full name, for example "
        "<code>/timezone Europe/Berlin</code>.\nYour settings have not changed yet."
    )


def zone_odd(zone: str) -> str:
    """Under a daily tip, once, for a user stored with a zone that is no place's."""
    return (
        f"⚠️ Your time zone is set to “{escape(zone)}”, which is not the time zone of a "
        "place, so your tip may come an hour early or late when the clocks change. Tap "
        "yours below, or send its name, for example <code>/timezone Europe/Berlin</code>."
    )


ZONE_NOT_FOUND = (
    "I couldn't work out a time zone for that place. Please send its name instead, for "
    "example <code>/timezone Europe/Berlin</code>. Your settings have not changed."
)


def zone_chosen(zone: str) -> str:
    """The zone offer once a zone was tapped; the confirmation follows as a new message,
    which also takes the share-location keyboard away."""
    return f"🌍 You chose <b>{escape(zone)}</b>."


NOT_SUBSCRIBED_HINT = "You are not subscribed to the daily tip: send /start to get it."


def daily_tip(item: Item, catalogue: Catalogue, trigger: str | None) -> str:
    parts = [DAILY_TIP_HEADER, f"<b>{escape(item.title)}</b>\n{escape(item.short)}"]
    if trigger in DAILY_REASONS:
        parts.append(f"<i>Chosen for you because you logged {DAILY_REASONS[trigger]}.</i>")
    if item.see_doctor:
        parts.append(SEE_DOCTOR)
    parts.append(sources(item, catalogue))
    parts.append(NOT_ADVICE_FOOTER)
    return "\n\n".join(parts)


def _local(moment: datetime, timezone: str) -> str:
    return f"{moment:%a} {moment.day} {moment:%b}, {time_of_day(moment.time(), timezone)}"


def _next_tip(next_local: datetime | None, timezone: str) -> str:
    if next_local is None:
        return NOT_SUBSCRIBED_HINT
    return f"Next tip: <b>{_local(next_local, timezone)}</b>."


def time_set(tip_time: time, timezone: str, next_local: datetime | None) -> str:
    return (
        f"Done: your daily tip comes at <b>{time_of_day(tip_time, timezone)}</b> "
        f"({escape(timezone)} time).\n" + _next_tip(next_local, timezone)
    )


def zone_set(timezone: str, tip_time: time, next_local: datetime | None) -> str:
    return (
        f"Done: your time zone is <b>{escape(timezone)}</b>. Your daily tip comes at "
        f"<b>{time_of_day(tip_time, timezone)}</b> there.\n" + _next_tip(next_local, timezone)
    )


def daily_team_tip(text: str) -> str:
    """A team tip as the daily tip; it has no source document to name."""
    return f"{DAILY_TIP_HEADER}\n\n{team_tip(text)}\n\n{NOT_ADVICE_FOOTER}"


# The schedule: check-in, bedtime reminder, weekly summary, days, silence, pause.

KIND_NAMES = {
    "tip": "💡 Daily tip",
    "checkin": "☀️ Morning check-in",
    "bedtime": "🌙 Bedtime reminder",
    "weekly": "📊 Weekly summary",
}


def _plain(kind: str) -> str:
    """A kind's name without its emoji, for the middle of a sentence."""
    return KIND_NAMES[kind].split(" ", 1)[1].lower()


WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

CHECKIN_QUESTION = "☀️ <b>Good morning!</b> Any leg cramps last night?"
CHECKIN_NONE = "😌 None"
CHECKIN_YES = "📝 Yes, log one"
CHECKIN_NONE_TOAST = "Noted: a night without cramps. 😌"
CHECKIN_SAME_TOAST = "Already noted."
CHECKIN_CLOSED = (
    "This check-in closed at noon. You can still log a cramp from last night with /log."
)


def checkin_answered(none: bool) -> str:
    """The check-in once answered; its buttons stay, so a second tap can change it."""
    answer = "no cramps 😌" if none else "a cramp, logged below 📝"
    return f"{CHECKIN_QUESTION}\n\nYour answer: <b>{answer}</b>. Tap the other button to change it."


CHECKIN_OFFER = (
    "Would you like a short check-in each morning? I would ask “Any leg cramps last "
    "night?”, and one tap records a night without cramps, so your diary can tell those "
    "from nights you did not log. You can change or stop it any time in /settings."
)
CHECKIN_OFFER_YES = "☀️ Yes, at 08:00"
CHECKIN_OFFER_NO = "No, thanks"
CHECKIN_OFFER_DECLINED = "All right, no check-in. /checkin turns it on whenever you like."

BEDTIME_HEADER = "🌙 <b>A tip for bedtime</b>"


def bedtime_tip(item: Item, catalogue: Catalogue) -> str:
    """One of the tips tagged for bedtime, as written for every day, with its sources."""
    parts = [BEDTIME_HEADER, f"<b>{escape(item.title)}</b>\n{escape(item.short)}"]
    if item.see_doctor:
        parts.append(SEE_DOCTOR)
    parts.append(sources(item, catalogue))
    parts.append(NOT_ADVICE_FOOTER)
    return "\n\n".join(parts)


def days_label(days: int) -> str:
    if days == 0b1111111:
        return "every day"
    if days == 0b0011111:
        return "weekdays"
    return ", ".join(WEEKDAY_SHORT[day] for day in range(7) if days >> day & 1)


def weekly_day(days: int) -> str:
    """A weekly schedule has one day; its name, in the plural ("Sundays")."""
    return next(f"{WEEKDAY_NAMES[day]}s" for day in range(7) if days >> day & 1)


def _when(moment: datetime) -> str:
    """A moment already on the user's clock, read as people in its zone read it."""
    return _local(moment, str(moment.tzinfo))


def kind_line(
    kind: str,
    enabled: bool,
    at: time,
    days: int,
    silent: bool,
    next_local: datetime | None,
    timezone: str,
) -> str:
    name = KIND_NAMES[kind]
    if not enabled:
        return f"{name}: off"
    when = weekly_day(days) if kind == "weekly" else days_label(days)
    line = f"{name}: <b>{time_of_day(at, timezone)}</b>, {when}"
    if silent:
        line += ", silent 🔕"
    if next_local is not None:
        line += f" (next: {_when(next_local)})"
    return line


def pause_line(until_local: datetime | None) -> str:
    if until_local is None:
        return "⏸ <b>Paused</b> until you resume (/resume)."
    return f"⏸ <b>Paused</b> until {_when(until_local)} (/resume to end it now)."


def settings_page(timezone: str, lines: list[str], pause: str | None) -> str:
    parts = ["⚙️ <b>Your settings</b>", f"Time zone: <b>{escape(timezone)}</b>", *lines]
    if pause is not None:
        parts.append(pause)
    return "\n".join(parts) + "\n\nTap to change, or see /help for the commands."


SETTINGS_REPLACED = "⚙️ These settings moved to a newer message below."
SETTINGS_SAVED = "Saved."
SETTINGS_DAYS = "📅 <b>On which days would you like your daily tip?</b>"
SETTINGS_NO_DAYS = "Keep at least one day, or turn the daily tip off."
SETTINGS_PAUSE = (
    "⏸ <b>Pause everything I send on my own</b>\n"
    "Tips, check-ins, bedtime reminders, weekly summaries and team messages wait until the "
    "pause ends. Answers to what you send still come. For how long?"
)
SETTINGS_WEEKDAY = "📊 <b>On which day would you like your weekly summary?</b>"


def settings_time(kind: str) -> str:
    return f"⏰ <b>When would you like the {_plain(kind)}?</b>"


PAUSE_LABELS = {"3d": "3 days", "1w": "A week", "2w": "Two weeks", "open": "Until I resume"}
PAUSE_BUTTON = "⏸ Pause"
RESUME_BUTTON = "▶️ Resume"
ZONE_BUTTON = "🌍 Time zone"
DAYS_EVERY = "Every day"
DAYS_WEEKDAYS = "Weekdays"


def paused(until_local: datetime | None) -> str:
    if until_local is None:
        return (
            "⏸ Paused: I send nothing on my own until you send /resume. Answers to what "
            "you send still come."
        )
    return (
        f"⏸ Paused until <b>{_when(until_local)}</b>: nothing on my own until then "
        "(/resume ends it sooner). Answers to what you send still come."
    )


def resumed(next_local: datetime | None) -> str:
    tail = f" Next: <b>{_when(next_local)}</b>." if next_local else ""
    return "▶️ Welcome back: your scheduled messages continue." + tail


NOT_PAUSED = "Nothing is paused. /pause holds everything I send on my own."

PAUSE_USAGE = (
    "I couldn't read “{value}” as a pause. Send <code>/pause 3d</code>, "
    "<code>/pause week</code>, <code>/pause 2w</code> or <code>/pause forever</code> "
    "(until /resume), or just /pause for buttons. Nothing has changed."
)


def kind_usage(command: str, kind: str, example: str, value: str) -> str:
    name = _plain(kind)
    return (
        f"I couldn't read “{escape(value[:40])}”. Send <code>/{command} on</code> or "
        f"<code>/{command} off</code> to turn the {name} on or off, or "
        f"<code>/{command} {example}</code> to set its time. Nothing has changed."
    )


CHECKIN_TOO_LATE = (
    "The morning check-in asks about the night just ended, so it must come before noon. "
    "Please choose a time before 12:00, for example <code>/checkin 07:30</code>. "
    "Nothing has changed."
)


def kind_set(
    kind: str, enabled: bool, at: time, days: int, next_local: datetime | None, timezone: str
) -> str:
    if not enabled:
        return f"Done: {_plain(kind)} is off. /settings shows everything."
    when = weekly_day(days) if kind == "weekly" else days_label(days)
    tail = f" Next: <b>{_when(next_local)}</b>." if next_local else ""
    return f"Done: {_plain(kind)} at <b>{time_of_day(at, timezone)}</b>, {when}.{tail}"


SUMMARY_USAGE = (
    "I couldn't read “{value}”. Send <code>/summary on</code>, <code>/summary off</code>, "
    "or a day and a time, for example <code>/summary sunday 18:00</code>. Nothing has changed."
)

DAYS_USAGE = (
    "I couldn't read “{value}” as days. Send <code>/days every</code>, "
    "<code>/days weekdays</code>, or the days themselves, for example "
    "<code>/days mon wed fri</code>. Nothing has changed."
)

SILENT_USAGE = (
    "I couldn't read “{value}”. Send <code>/silent on</code> or <code>/silent off</code> for "
    "the daily tip, or name another message: <code>/silent on bedtime</code> (tip, checkin, "
    "bedtime or summary). Nothing has changed."
)


def silent_set(kind: str, silent: bool) -> str:
    name = _plain(kind)
    return f"Done: the {name} comes {'silently 🔕' if silent else 'with a sound 🔔'}."


def days_set(days: int, next_local: datetime | None) -> str:
    tail = f" Next: <b>{_when(next_local)}</b>." if next_local else ""
    return f"Done: your daily tip comes {days_label(days)}.{tail}"


WEEKLY_HEADER = "📊 <b>Your week</b>"


def weekly_summary(
    first: date,
    last: date,
    cramps: tuple[int, int],
    night_cramps: tuple[int, int],
    free_nights: tuple[int, int],
) -> str:
    """This week (the seven days to `last`) against the week before: each pair is
    (this week, last week). Counts only, and what the user told the diary."""
    this, before = cramps
    if this < before:
        trend = "fewer than the week before"
    elif this > before:
        trend = "more than the week before"
    else:
        trend = "the same as the week before"
    return "\n".join(
        [
            WEEKLY_HEADER + f" ({first.day} {first:%b} to {last.day} {last:%b})",
            f"Cramps logged: <b>{this}</b> (the week before: {before}), {trend}.",
            f"Nights with a cramp: <b>{night_cramps[0]}</b> (the week before: {night_cramps[1]}).",
            f"Nights you told me were free of cramps: <b>{free_nights[0]}</b> "
            f"(the week before: {free_nights[1]}).",
            "",
            "/stats has more; /summary off stops this summary.",
        ]
    )
