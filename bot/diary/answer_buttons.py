"""Button data of the diary that answers back: typed logging, cramp-free nights, insights.

They register on the diary's `ROUTES`, with codes that start with "d" like its others.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.core.buttons import CallbackData, action
from bot.diary.vocabulary import Muscle, Severity, Side, WhenKind
from bot.knowledge.buttons import Section

DraftMuscle = Literal["calf", "foot", "thigh", "other", "none"]
DraftSide = Literal["left", "right", "both", "none"]
DraftSeverity = Literal["mild", "moderate", "severe", "none"]
"""A typed message's draft rides in its buttons; "none" is what the message did not say."""
DraftView = Literal["confirm", "muscle", "side", "severity", "when"]
NONE = "none"


@action("dNf")
@dataclass(frozen=True)
class NightFree(CallbackData):
    """ "No cramps last night", under /log: which night is decided by the clock at the tap."""


@action("dTd")
@dataclass(frozen=True)
class TypedDraft(CallbackData):
    """Show a typed cramp's draft, or one field's choices, with the draft as it now stands."""

    view: DraftView
    muscle: DraftMuscle
    side: DraftSide
    severity: DraftSeverity
    when: WhenKind


@action("dTs")
@dataclass(frozen=True)
class TypedSave(CallbackData):
    """Save the draft; the message it sits on makes a second tap show the same entry."""

    muscle: Muscle
    side: Side
    severity: Severity
    when: WhenKind


@action("dIt")
@dataclass(frozen=True)
class InsightTopic(CallbackData):
    """What the articles say on an insight's topic, as a new message: the insights stay."""

    section: Section
    item_id: str
