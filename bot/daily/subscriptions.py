"""Subscribing and unsubscribing: plain functions over the user store."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.users import User, UserStore
from bot.daily.store import DeliveryStore


def subscribe(users: UserStore, deliveries: DeliveryStore, user: User, now: datetime) -> datetime:
    """Subscribe the user and return when their first tip is due.

    A day that already had its tip (a /stop and /start again, maybe with a new time) is
    skipped here, as the run would skip it, so what /settings shows is what comes.
    """
    due = deliveries.next_open(user.user_id, now, user.tip_time, ZoneInfo(user.timezone))
    users.subscribe(user.user_id, due)
    return due
