"""Button data of the daily tip and its settings: codes start with "t"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.core.buttons import ButtonRoutes, CallbackData, action
from bot.daily.kinds import Kind

OnOff = Literal["on", "off"]
PauseLength = Literal["3d", "1w", "2w", "open"]
SettingsPage = Literal["main", "days", "pause", "weekday"]


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
    """ "Change time" on a /settings message from before the schedule settings: that
    message itself becomes the time picker."""


@action("tp")
@dataclass(frozen=True)
class PickZone(CallbackData):
    """A suggested zone, for a name we do not accept (`Berlin`, `EST`) or a stored zone
    that is no place's (the one-time prompt under a daily tip); any accepted zone."""

    zone_key: str


@action("tn")
@dataclass(frozen=True)
class CheckinAnswer(CallbackData):
    """An answer to the morning check-in; the night is its date's ordinal, so an answer
    after the night's noon is refused and one never lands on another night."""

    night: int
    answer: Literal["none", "yes"]


@action("to")
@dataclass(frozen=True)
class CheckinOffer(CallbackData):
    """The one-time offer of the check-in, after the first cramp logged."""

    answer: Literal["yes", "no"]


@action("sv")
@dataclass(frozen=True)
class SettingsView(CallbackData):
    """A page of the settings message, shown in place."""

    page: SettingsPage


@action("se")
@dataclass(frozen=True)
class SettingsSwitch(CallbackData):
    kind: Kind
    to: OnOff


@action("sm")
@dataclass(frozen=True)
class SettingsTimeOf(CallbackData):
    """The settings message becomes the time picker of one kind."""

    kind: Kind


@action("st")
@dataclass(frozen=True)
class SettingsSetTime(CallbackData):
    kind: Kind
    minute_of_day: int


@action("sd")
@dataclass(frozen=True)
class SettingsDays(CallbackData):
    """The tip's days as a bit mask (Monday is bit 0)."""

    days: int


@action("sq")
@dataclass(frozen=True)
class SettingsSilent(CallbackData):
    kind: Kind
    to: OnOff


@action("sw")
@dataclass(frozen=True)
class SettingsWeekday(CallbackData):
    """The weekly summary's day (Monday is 0)."""

    day: int


@action("sp")
@dataclass(frozen=True)
class SettingsPause(CallbackData):
    length: PauseLength


@action("sr")
@dataclass(frozen=True)
class SettingsResume(CallbackData):
    pass


ROUTES = ButtonRoutes()
"""The handlers of these buttons register here, as they are imported."""
