"""Button data of the daily tip and its settings: codes start with "t"."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.buttons import ButtonRoutes, CallbackData, action


@action("tc")
@dataclass(frozen=True)
class ChangeTime(CallbackData):
    """Offer the common delivery times (the button under every daily tip)."""


@action("tt")
@dataclass(frozen=True)
class SetTime(CallbackData):
    minute_of_day: int


@action("tk")
@dataclass(frozen=True)
class ChangeZone(CallbackData):
    """Offer the common time zones (in place of the settings message) and the
    share-location button."""


@action("tz")
@dataclass(frozen=True)
class SetZone(CallbackData):
    zone_key: str


@action("ts")
@dataclass(frozen=True)
class SettingsTime(CallbackData):
    """ "Change time" on /settings: the settings message itself becomes the time picker."""


@action("tp")
@dataclass(frozen=True)
class PickZone(CallbackData):
    """A suggested zone, for a name we do not accept (`Berlin`, `EST`) or a stored zone
    that is no place's (the one-time prompt under a daily tip); any accepted zone."""

    zone_key: str


ROUTES = ButtonRoutes()
"""The handlers of these buttons register here, as they are imported."""
