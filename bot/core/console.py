"""Lines for the operator's console and log, kept apart from what users read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol


class ClosedBroadcast(Protocol):
    """A broadcast a backup closed in its copy (`bot.admin.broadcast_store.Closed`)."""

    @property
    def id(self) -> int: ...

    @property
    def status(self) -> str: ...

    @property
    def unconfirmed(self) -> int: ...


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


def restored_copy(taken_at: datetime, skipped: int) -> str:
    return (
        f"first start on a backup taken at {taken_at:%Y-%m-%d %H:%M:%S} UTC: {skipped} daily "
        "tip(s) due since are skipped, as the bot that ran on after it may have sent them"
    )


def database_swapped(path: Path) -> str:
    return (
        f"stopping: DATABASE_PATH={path} no longer names the file this bot opened (deleted, "
        "moved or replaced while it ran); what it saved since went to the old file. Restore "
        "the right file at that path, then start the bot again"
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


def backup_done(
    path: Path, taken_at: datetime, size: int, closed: Sequence[ClosedBroadcast]
) -> str:
    lines = [
        f"Backup written to {path} ({size / 1_000_000:.1f} MB, mode 0600), "
        f"a snapshot as of {taken_at:%Y-%m-%d %H:%M:%S} UTC."
    ]
    for broadcast in closed:
        if broadcast.status == "running":
            lines.append(
                f"Broadcast #{broadcast.id} was running: in the copy it is finished, and its "
                f"{broadcast.unconfirmed} recipient(s) not settled yet are never sent it again."
            )
        else:
            lines.append(
                f"Broadcast #{broadcast.id} was queued: cancelled in the copy, since the "
                "running bot sends it after the snapshot."
            )
    return "\n".join(lines)
