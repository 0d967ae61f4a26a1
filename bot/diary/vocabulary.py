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
    NOW = "now"
    NIGHT = "night"
    EARLIER = "earlier"


class Trigger(StrEnum):
    EXERCISE = "exercise"
    STANDING = "standing"
    SITTING = "sitting"
    DEHYDRATION = "dehydration"
    MEDICATION = "medication"
    OTHER = "other"
