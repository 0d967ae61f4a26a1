"""What a user reads in the daily tip and its settings."""

from __future__ import annotations

from datetime import datetime, time
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


def settings(subscribed: bool, tip_time: time, timezone: str, next_local: datetime | None) -> str:
    status = "subscribed ✅" if subscribed else "not subscribed (send /start to subscribe)"
    lines = [
        "<b>Your daily tip</b>",
        f"Daily tip: {status}",
        f"Time: <b>{time_of_day(tip_time, timezone)}</b>",
        f"Time zone: <b>{escape(timezone)}</b>",
    ]
    if subscribed and next_local:
        lines.append(f"Next tip: <b>{_local(next_local, timezone)}</b>")
    return "\n".join(lines) + "\n\nChange them with /time and /timezone, or the buttons below."


def daily_team_tip(text: str) -> str:
    """A team tip as the daily tip; it has no source document to name."""
    return f"{DAILY_TIP_HEADER}\n\n{team_tip(text)}\n\n{NOT_ADVICE_FOOTER}"
