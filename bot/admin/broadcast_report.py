"""How a broadcast's progress and report read: in Telegram, in the log and in the shell."""

from __future__ import annotations

from bot.admin import texts
from bot.admin.broadcast_store import Broadcast, Counts


def figures(counts: Counts) -> list[tuple[str, int]]:
    return texts.broadcast_figures(
        counts.total,
        counts.sent,
        counts.blocked,
        counts.failed,
        counts.unknown,
        counts.remaining,
        counts.paused,
    )


def summary(counts: Counts) -> str:
    """One log line."""
    return ", ".join(f"{label.lower()} {value}" for label, value in figures(counts))


def progress(broadcast_id: int, counts: Counts) -> str:
    return texts.broadcast_status(broadcast_id, "sending", figures(counts), None)


def listing(broadcast_id: int, listed: int) -> str:
    return texts.broadcast_listing(broadcast_id, listed)


def final_report(broadcast: Broadcast) -> str:
    counts = broadcast.report
    if counts is None:
        raise ValueError(f"broadcast #{broadcast.id} has not finished")
    seconds = None
    if broadcast.started_at and broadcast.finished_at:
        seconds = (broadcast.finished_at - broadcast.started_at).total_seconds()
    return texts.broadcast_status(broadcast.id, "finished", figures(counts), seconds)
