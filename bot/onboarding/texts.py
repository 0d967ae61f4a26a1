"""What a new user reads while the bot learns their time zone and tip time."""

from __future__ import annotations

from datetime import datetime, time
from html import escape

from bot.core.texts import BOT_NAME, DISCLAIMER, NOT_ADVICE_FOOTER, time_of_day

SKIP = "⏭ Skip"


SHARE_LOCATION = "📍 Share location"


def zone_question(first_name: str, default_zone: str) -> str:
    """The first step; it greets, since it is the first thing a new user reads, and says
    from the start that this is not medical advice (the full notice ends onboarding)."""
    return (
        f"Hello {escape(first_name)}! I am the {BOT_NAME}, here to help you understand "
        "and prevent leg cramps. I send one short prevention tip a day.\n\n"
        "<b>1/2 · Which time zone are you in?</b> So the tip never wakes you: tap "
        f"“{SHARE_LOCATION}”, tap your city, or type it (for example <code>Paris</code> or "
        f"<code>America/Denver</code>). “{SKIP}” keeps {escape(default_zone)}.\n\n"
        f"{NOT_ADVICE_FOOTER}"
    )


ZONE_PLACEHOLDER = "Your city or time zone"


def zone_choices(value: str) -> str:
    return (
        f"“{escape(value)}” could be more than one time zone. Tap yours below, or type its "
        "full name, for example <code>America/New_York</code>."
    )


ZONE_LOST = (
    "I couldn't work out a time zone for that place. Tap your city below, or type its "
    "name, for example <code>Paris</code>."
)


ZONE_UNKNOWN = (
    "I don't know the time zone “{value}”. Tap your city below, or type its name, for "
    "example <code>Paris</code> or <code>America/Denver</code>."
)


def time_question(zone: str, default_time: time) -> str:
    return (
        f"🌍 Time zone: <b>{escape(zone)}</b>.\n\n"
        "<b>2/2 · When would you like your daily tip?</b> Tap a time, or type one, for "
        "example <code>7:30 am</code>, <code>07:30</code> or <code>9pm</code>. "
        f"“{SKIP}” keeps {time_of_day(default_time, zone)}."
    )


TIME_PLACEHOLDER = "A time, like 7:30 am"


TIME_BAD = (
    "I couldn't read “{value}” as a time. Tap one below, or type hours and minutes, for "
    "example <code>7:30 am</code> or <code>19:30</code>."
)


STALE_KEYBOARD = (
    "I am no longer waiting for that answer, so your settings stay as they are. Send "
    "/timezone to set your time zone, /time for your tip time, or /settings to see both."
)


def place(zone: str) -> str:
    """A zone as people say it: 'America/New_York' -> 'New York'."""
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def _day(first: datetime, today: datetime) -> str:
    days = (first.date() - today.date()).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"on {first:%a} {first.day} {first:%b}"


def done(first: datetime | None, tip_time: time, zone: str, now_local: datetime) -> str:
    """The one message that ends onboarding: what comes, and when, on the user's clock."""
    at = time_of_day(tip_time, zone)
    when = (
        f"Your first tip comes <b>{_day(first, now_local)} at {at}</b> ({escape(place(zone))} "
        "time), then one every day at that time."
        if first is not None
        else f"Your daily tip is set for {at} ({escape(place(zone))} time); send /start to get it."
    )
    return (
        f"✅ All set. {when} /settings changes the time or the zone, and /stop ends the "
        "tips.\n\n"
        "What you can do meanwhile:\n"
        "• /tips: ways to prevent cramps\n"
        "• /causes: why legs cramp\n"
        "• /log: note down a cramp in a few taps\n"
        "• /help: everything I can do\n\n"
        f"{DISCLAIMER}"
    )
