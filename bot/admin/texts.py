"""What admins read: broadcasts, team tips and the figures of /admin."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from bot.core.texts import plural

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
    return f"✅ Send to {plural(subscribers, 'subscriber', 'subscribers')}"


def stars(amount: Decimal) -> str:
    return f"{amount.normalize():f}"


def paid_broadcast_send_button(subscribers: int, cost: Decimal) -> str:
    return f"💫 Send to {plural(subscribers, 'subscriber', 'subscribers')}, paid: {stars(cost)} ⭐"


def paid_broadcast_refused(cost: Decimal, balance: Decimal | None) -> str:
    """A button answer: at most 200 characters."""
    if balance is None:
        return (
            f"Nothing was sent: this paid broadcast costs {stars(cost)} Stars, and Telegram "
            "did not tell us the bot's balance. Try again in a minute."
        )
    return (
        f"Nothing was sent: this paid broadcast costs {stars(cost)} Stars and the bot has "
        f"{stars(balance)}. Top up the bot's Stars, then press Send again."
    )


def broadcast_queued(broadcast_id: int, ahead: int) -> str:
    if ahead == 0:
        return f"📣 Broadcast #{broadcast_id}: starting…"
    waiting = plural(ahead, "other broadcast", "other broadcasts")
    return f"📣 Broadcast #{broadcast_id} is queued behind {waiting}; it starts after them."


def broadcast_figures(
    total: int,
    sent: int,
    blocked: int,
    failed: int,
    unknown: int,
    remaining: int,
    paused: int = 0,
) -> list[tuple[str, int]]:
    """Shared by the Telegram status message, the bot's log and the shell's stats."""
    figures = [("Sent", sent), ("Blocked", blocked), ("Failed", failed)]
    if unknown:
        figures.append(("Unconfirmed (not resent)", unknown))
    if paused:
        figures.append(("Paused (skipped)", paused))
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


def broadcast_listing(broadcast_id: int, listed: int) -> str:
    return (
        f"📣 <b>Broadcast #{broadcast_id}</b>: preparing the list of recipients…\n"
        f"Listed so far: {listed}"
    )


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
    "like <code>/removetip 3</code>. /tips and /admin show you their numbers, and a team "
    "tip opened from /tips has a remove button."
)


ALSO_BROADCAST = "📣 Also broadcast now"


TEAM_TIP_MARK = "👥"


TEAM_TIP_HEADING = "From the team, not from the articles"


TEAM_TIP_ORIGIN = "from the team, not from the articles"


TEAM_TIP_NO_LONGER = "That team tip was removed, so there is nothing to broadcast."


def team_tip(text: str) -> str:
    """A team tip as subscribers read it, in the list, the rotation and broadcasts.

    The heading says where it comes from: unlike the content tips, no article stands behind it.
    """
    return f"{TEAM_TIP_MARK} <b>{TEAM_TIP_HEADING}</b>\n\n{escape(text)}"


def _first_words(text: str) -> str:
    first_line = " ".join(text.split())
    return first_line if len(first_line) <= 36 else first_line[:35].rstrip() + "…"


def team_tip_button(text: str, number: int | None = None) -> str:
    """`number` is given for admins only: what /removetip takes."""
    mark = f"#{number} {TEAM_TIP_MARK}" if number is not None else TEAM_TIP_MARK
    return f"{mark} {_first_words(text)}"


def team_tip_number(tip_id: int) -> str:
    return f"<i>Team tip #{tip_id}; only the team sees this number.</i>"


def remove_tip_button(tip_id: int) -> str:
    return f"🗑 Remove team tip #{tip_id}"


def team_tips_list(tips: list[tuple[int, str]]) -> str:
    """The active team tips in /admin, by number, for /removetip."""
    if not tips:
        return "<b>Team tips</b>\nNone in the rotation. Add one with /addtip."
    lines = "\n".join(f"#{tip_id} {escape(_first_words(text))}" for tip_id, text in tips)
    return f"<b>Team tips</b> (remove one with <code>/removetip number</code>)\n{lines}"


FEEDBACK_COPY_TITLE = "💬 Feedback from user"
"""How every copy of feedback begins, as Telegram shows it (without the markup)."""


def feedback_copy(user_id: int, first_name: str, text: str) -> str:
    return (
        f"<b>{FEEDBACK_COPY_TITLE}</b> <code>{user_id}</code> ({escape(first_name)}):\n\n"
        f"{escape(text)}\n\n<i>Reply to this message to answer them.</i>"
    )


def feedback_answer(text: str) -> str:
    """What the sender of feedback reads when an admin replies."""
    return f"💬 <b>The team answers your feedback</b>\n\n{escape(text)}"


def feedback_answer_sent(user_id: int) -> str:
    return f"Sent to user {user_id}."


FEEDBACK_SENDER_GONE = "That person has erased their data, so I cannot pass your answer on."


FEEDBACK_ANSWER_FAILED = "I could not deliver your answer: they may have blocked the bot."


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
