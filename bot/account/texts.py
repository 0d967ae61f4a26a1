"""What a user reads when they start, stop, ask for help or erase their data."""

from __future__ import annotations

from datetime import time
from html import escape

from bot.admin.texts import TEAM_TIP_MARK, TEAM_TIP_ORIGIN
from bot.core.texts import BOT_NAME, DISCLAIMER, plural, time_of_day

COMMANDS: tuple[tuple[str, str], ...] = (
    ("tips", "Ways to prevent leg cramps"),
    ("causes", "Why legs cramp"),
    ("log", "Log a cramp in a few taps"),
    ("history", "Your cramp diary"),
    ("stats", "Your cramps in numbers and a chart"),
    ("insights", "What your diary's counts show"),
    ("export", "Your diary as a spreadsheet file"),
    ("report", "A printable report for your doctor"),
    ("help", "What I can do"),
    ("about", "Sources and disclaimer"),
    ("start", "Subscribe to the daily tip"),
    ("stop", "Stop the daily tip"),
    ("time", "Set the time of your daily tip"),
    ("timezone", "Set your time zone"),
    ("settings", "Your tip, check-in, reminders and pause, in one place"),
    ("dailytip", "Daily tip on or off, or its time: /dailytip off"),
    ("days", "Days of your daily tip: /days weekdays"),
    ("silent", "Tips without a sound: /silent on"),
    ("pause", "Pause everything I send: /pause 3d, week, 2w"),
    ("resume", "End a pause"),
    ("checkin", "Morning check-in on, off or its time: /checkin 07:30"),
    ("bedtime", "Bedtime reminder on, off or its time: /bedtime 22:00"),
    ("summary", "Weekly summary: /summary sunday 18:00, or off"),
    ("privacy", "What I store, who can see it, how to erase it"),
    ("feedback", "Write to the bot's team"),
    ("forget", "Erase everything I store about you"),
)


HELP_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "💡 Daily tip",
        ("start", "stop", "time", "timezone", "settings", "dailytip", "days", "silent"),
    ),
    ("⏰ Your schedule", ("checkin", "bedtime", "summary", "pause", "resume")),
    ("📝 Cramp diary", ("log", "history", "stats", "insights", "report", "export")),
    ("📚 Learning", ("tips", "causes", "about")),
    ("🔒 Your data", ("privacy", "feedback", "forget", "help")),
)
"""/help in sections; every command of `COMMANDS` is in exactly one (a test checks)."""


def welcome(first_name: str, tip_time: time, timezone: str) -> str:
    """The first /start (or the first after /stop): it subscribes; a later one gets
    `welcome_back`."""
    return (
        f"Hello {escape(first_name)}! I am the {BOT_NAME}, here to help you understand "
        "and prevent leg cramps.\n\n"
        "You are now subscribed to the daily tip: one short prevention tip every day at "
        f"<b>{time_of_day(tip_time, timezone)}</b> ({escape(timezone)} time).\n\n"
        "What you can do:\n"
        "• /tips: ways to prevent cramps\n"
        "• /causes: why legs cramp\n"
        "• /log: note down a cramp in a few taps\n"
        "• /stop: stop the daily tip\n"
        "• /help: everything I can do\n\n"
        f"{DISCLAIMER}"
    )


def help_text(admin_commands: tuple[tuple[str, str], ...] = ()) -> str:
    """Admins also get their own commands, as a last section."""
    described = dict(COMMANDS)
    sections = [
        f"<b>{title}</b>\n" + "\n".join(f"/{name}: {described[name]}" for name in names)
        for title, names in HELP_GROUPS
    ]
    if admin_commands:
        sections.append(
            "<b>👥 For the team</b>\n"
            + "\n".join(f"/{name}: {description}" for name, description in admin_commands)
        )
    return (
        f"<b>{BOT_NAME}</b>: what I can do\n\n"
        + "\n\n".join(sections)
        + "\n\nOr tap a button below. The causes and tips come from the articles listed in "
        f"/about, except tips marked {TEAM_TIP_MARK}, which are {TEAM_TIP_ORIGIN}."
    )


def welcome_back(tip_time: time, timezone: str) -> str:
    """A second /start: the subscription stands, so just the menu."""
    return (
        f"You are subscribed: your daily tip comes at <b>{time_of_day(tip_time, timezone)}</b> "
        f"({escape(timezone)} time). Here is the menu; /help lists everything I can do."
    )


MENU_TIPS = "💡 Prevention tips"


MENU_CAUSES = "❓ Why legs cramp"


MENU_HELP = "📖 Help"


MENU_HISTORY = "📒 My diary"


MENU_SETTINGS = "⏰ Tip settings"


MENU_PRIVACY = "🔒 Privacy"


STOP_CONFIRM = (
    "Stop the daily tip? Any check-in, bedtime reminder and weekly summary stop too. "
    "You can start the tip again at any time with /start.\n"
    "Your settings stay as they are."
)


STOP_YES = "Yes, stop the tips"


STOP_NO = "No, keep them"


STOP_DONE = (
    "Done: no more daily tips, check-ins or reminders. Send /start whenever you want the tips back."
)


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


DESCRIPTION = (
    "I help you understand and prevent leg cramps. I send one short prevention tip a day, "
    "explain in plain words why legs cramp, and keep a cramp diary you fill in with a few "
    "taps, with numbers, a chart and a spreadsheet file for your doctor. Everything I say "
    "comes from the articles I name. I am not a doctor and give no medical advice. "
    "Press Start to begin; /privacy says what I store."
)
"""What Telegram shows in an empty chat, before Start (at most 512 characters)."""


SHORT_DESCRIPTION = (
    "Understand and prevent leg cramps: a daily tip, plain explanations, a cramp diary."
)
"""On the bot's profile page and in shared links (at most 120 characters)."""


DESCRIPTION_LIMIT = 512


SHORT_DESCRIPTION_LIMIT = 120


def profile_problems() -> list[str]:
    """Telegram refuses longer descriptions; `python -m bot content check` runs this."""
    problems = []
    for name, text, limit in (
        ("description", DESCRIPTION, DESCRIPTION_LIMIT),
        ("short description", SHORT_DESCRIPTION, SHORT_DESCRIPTION_LIMIT),
    ):
        if len(text) > limit:
            problems.append(f"the bot's {name} has {len(text)} characters, over {limit}")
    return problems


PRIVACY = (
    "🔒 <b>What I store, and who can see it</b>\n\n"
    "<b>What I keep</b>\n"
    "• Your Telegram id, when you first and last wrote to me, whether you get the "
    "daily tip, at what time and in which time zone, and whether you blocked me.\n"
    "• Your schedule: which of the daily tip, morning check-in, bedtime reminder and "
    "weekly summary you chose, their times and days, whether they come silently, and "
    "any pause.\n"
    "• Your cramp diary: for each cramp, where it was, how bad, when, whether it woke "
    "you, how long it lasted, possible triggers, what you did and whether it helped, "
    "and, if you type them, a note and the name of the place; the nights you told "
    "me were free of cramps; and your answers to the morning check-in.\n"
    "• Which daily tips, check-ins, bedtime reminders, weekly summaries, team messages "
    "and notes about frequent cramps I sent you, and when.\n"
    "• When you sent /feedback. The text itself is not in my database: it goes to the "
    "team's Telegram chats.\n"
    "• The ids of a few of my messages to you, so I can switch off buttons that no "
    "longer work.\n"
    "• Which of my questions (such as the time for your tip) waits for a typed answer, "
    "for 15 minutes.\n\n"
    "<b>What I do not keep</b>\n"
    "• Your location: if you share it, I only work out your time zone from it and "
    "store the zone, never the coordinates.\n"
    "• Your name, your phone number, or the words you type to me (only the notes and "
    "place names you type for a diary entry, and the team's own tips and broadcasts, "
    "are stored as written).\n\n"
    "<b>Who can read it</b>\n"
    "The people who run this bot: they can open its database. The team sees totals in "
    "their figures, and your feedback with your Telegram id. Nobody else gets it from me.\n\n"
    "<b>How long</b>\n"
    "Your diary and settings stay until you erase them. Some records are deleted on "
    "their own: which daily tips I sent you after 7 days, which team messages 14 days "
    "after the message went out, and when you sent /feedback after 90 days. You can "
    "delete single diary entries in /history, and /stop ends the daily tip but keeps your "
    "settings.\n\n"
    "<b>Your copy, and erasing</b>\n"
    "/export sends your diary as a spreadsheet file. /forget erases everything I keep "
    "about you, at once.\n\n"
    "<b>What /forget cannot reach</b>\n"
    "• Copies of the database the people running the bot made as backups before.\n"
    "• Feedback already in a team member's chat.\n"
    "• The bot's technical log, which can name your Telegram id.\n"
    "• Our chat itself: you can delete it in Telegram."
)


FEEDBACK_USAGE = (
    "Send <code>/feedback your message</code> to write to the bot's team, for example "
    "<code>/feedback The stretching tip helped me</code>. They see your Telegram id with it "
    "and can answer you here. /privacy says what is kept."
)


FEEDBACK_THANKS = "Thank you: your message went to the team. If they answer, it comes here."


FEEDBACK_UNDELIVERED = (
    "Sorry, I could not pass your message to the team just now. Please try again later."
)


FEEDBACK_MAX_LENGTH = 2000


def feedback_limit(per_day: int) -> str:
    return (
        f"You have sent {plural(per_day, 'message', 'messages')} to the team in the last "
        "24 hours, the most I pass on in a day. Please try again tomorrow."
    )


def feedback_too_long(length: int) -> str:
    return (
        f"That message has {length} characters; I pass on at most {FEEDBACK_MAX_LENGTH}. "
        "Please shorten it."
    )
