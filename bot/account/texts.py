"""What a user reads when they start, stop, ask for help or erase their data."""

from __future__ import annotations

from datetime import time
from html import escape

from bot.core.texts import BOT_NAME, DISCLAIMER, plural

COMMANDS: tuple[tuple[str, str], ...] = (
    ("tips", "Ways to prevent leg cramps"),
    ("causes", "Why legs cramp"),
    ("log", "Log a cramp in a few taps"),
    ("history", "Your cramp diary"),
    ("stats", "Your cramps in numbers and a chart"),
    ("export", "Your diary as a spreadsheet file"),
    ("report", "A printable report for your doctor"),
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


MENU_LOG = "📝 Log a cramp"


FORGET_YES = "Yes, erase everything"


FORGET_NO = "No, keep my data"


FORGET_NOTHING = "I don't store anything about you."


FORGET_DONE = "Done: everything I stored about you is erased. If you send /start, we begin afresh."


FORGET_KEPT = "Nothing was erased."


def forget_confirm(entries: int) -> str:
    return (
        "Erase everything I store about you? That is your cramp diary "
        f"({plural(entries, 'entry', 'entries')}), your daily tip subscription "
        "and settings, and the record of tips sent to you.\n\n<b>This cannot be undone.</b> "
        "To keep a copy of your diary, send /export first."
    )
