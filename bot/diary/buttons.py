"""Button data of the cramp diary: codes start with "d" (and "L" for the way in).

Entry ids in these buttons are only ever used together with the id of the user who
pressed, so a forged id reaches nobody else's entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.core.buttons import ButtonRoutes, CallbackData, action
from bot.diary.paper import Paper
from bot.diary.report_figures import ReportPeriod
from bot.diary.vocabulary import Muscle, Severity, Side, Trigger, WhenKind

YesNo = Literal["yes", "no"]


@action("L")
@dataclass(frozen=True)
class LogCramp(CallbackData):
    """Start logging a cramp: the button on the start menu and under every daily tip."""


@action("dp")
@dataclass(frozen=True)
class LogPlaces(CallbackData):
    """Back to the where-question of a logging flow, on the same message."""


@action("dc")
@dataclass(frozen=True)
class LogCancel(CallbackData):
    """Abandon a logging flow before anything is saved."""


@action("dw")
@dataclass(frozen=True)
class LogWhere(CallbackData):
    muscle: Muscle
    side: Side


@action("dv")
@dataclass(frozen=True)
class LogSeverity(CallbackData):
    """The tap that saves the entry; the flow message it sits on makes it idempotent."""

    muscle: Muscle
    side: Side
    severity: Severity


@action("dn")
@dataclass(frozen=True)
class LogWhen(CallbackData):
    entry_id: int
    when: WhenKind


@action("dk")
@dataclass(frozen=True)
class LogWoke(CallbackData):
    entry_id: int
    woke: YesNo


@action("dt")
@dataclass(frozen=True)
class LogTrigger(CallbackData):
    entry_id: int
    trigger: Trigger


@action("du")
@dataclass(frozen=True)
class LogUndo(CallbackData):
    entry_id: int


@action("dd")
@dataclass(frozen=True)
class LogDone(CallbackData):
    entry_id: int


@action("dh")
@dataclass(frozen=True)
class HistoryPage(CallbackData):
    page: int


@action("dx")
@dataclass(frozen=True)
class HistoryDelete(CallbackData):
    """Ask before deleting; the page brings the user back where they were."""

    entry_id: int
    page: int


@action("dy")
@dataclass(frozen=True)
class HistoryDeleteConfirm(CallbackData):
    entry_id: int
    page: int


@action("dr")
@dataclass(frozen=True)
class ReportMake(CallbackData):
    """Make the PDF for a period; the options chosen so far ride along in the data."""

    period: ReportPeriod
    paper: Paper
    name: YesNo


@action("do")
@dataclass(frozen=True)
class ReportOptions(CallbackData):
    """Show the /report message again with these options (paper, name on it or not)."""

    paper: Paper
    name: YesNo


ROUTES = ButtonRoutes()
"""The handlers of these buttons register here, as they are imported."""
