"""Subscribing and unsubscribing: plain functions over the user store."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.core.schedule import next_delivery
from bot.core.users import User, UserStore


def subscribe(users: UserStore, user: User, now: datetime) -> datetime:
    """Subscribe the user and return when their first tip is due."""
    due = next_delivery(now, user.tip_time, ZoneInfo(user.timezone))
    users.subscribe(user.user_id, due)
    return due
