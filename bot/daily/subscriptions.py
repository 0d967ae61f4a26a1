"""Subscribing: plain functions over the user and schedule stores."""

from __future__ import annotations

from datetime import datetime

from bot.core.users import User, UserStore
from bot.daily.kinds import Kind
from bot.daily.schedules import ScheduleStore


def subscribe(
    users: UserStore, schedules: ScheduleStore, user: User, now: datetime
) -> datetime | None:
    """Subscribe the user with the tip on, and return when their first tip is due.

    A day that already had its tip (a /stop and /start again, maybe with a new time) is
    skipped here, as the run would skip it, so what /settings shows is what comes.
    """
    users.subscribe(user.user_id)
    return schedules.update(user.user_id, Kind.TIP, now, enabled=True).next_due_at
