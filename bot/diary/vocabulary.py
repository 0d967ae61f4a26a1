"""The diary's words for a cramp, in one place.

The button codec, the store and the texts all use these enums. Migrations already
applied keep their literal CHECK lists; `tests/test_vocabulary.py` checks that the
schema after every migration allows exactly these values, so a change here comes with
a new migration.
"""

from __future__ import annotations

from enum import StrEnum


class Muscle(StrEnum):
    CALF = "calf"
    FOOT = "foot"
    THIGH = "thigh"
    OTHER = "other"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class Severity(StrEnum):
    """Stored as its level, 1 to 3, so averages and comparisons are plain arithmetic."""

    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"

    @property
    def level(self) -> int:
        return _LEVELS[self]

    @classmethod
    def of_level(cls, level: int) -> Severity:
        return _BY_LEVEL[level]


_LEVELS = {Severity.MILD: 1, Severity.MODERATE: 2, Severity.SEVERE: 3}
_BY_LEVEL = {level: severity for severity, level in _LEVELS.items()}


class WhenKind(StrEnum):
    """The day a cramp came on, as the user put it; `DayPart` narrows the last three."""

    NOW = "now"
    NIGHT = "night"
    EARLIER = "earlier"
    YESTERDAY = "yesterday"
    TWO_DAYS_AGO = "two-days-ago"

    @property
    def days_ago(self) -> int:
        return _DAYS_AGO.get(self, 0)


_DAYS_AGO = {WhenKind.YESTERDAY: 1, WhenKind.TWO_DAYS_AGO: 2}


class Trigger(StrEnum):
    EXERCISE = "exercise"
    STANDING = "standing"
    SITTING = "sitting"
    DEHYDRATION = "dehydration"
    MEDICATION = "medication"
    OTHER = "other"


class DayPart(StrEnum):
    """The time of day a user gives for a cramp whose clock time they do not know."""

    NIGHT = "night"
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


class Duration(StrEnum):
    UNDER_A_MINUTE = "under-1"
    ONE_TO_FIVE = "1-5"
    FIVE_TO_FIFTEEN = "5-15"
    LONGER = "longer"


class Tried(StrEnum):
    """What the user did about the cramp: their own record, not a recommendation."""

    STRETCHED = "stretched"
    WALKED = "walked"
    WATER = "water"
    RESTED = "rested"
    OTHER = "other"


class Helped(StrEnum):
    A_LOT = "a-lot"
    A_LITTLE = "a-little"
    NOT_AT_ALL = "not-at-all"
