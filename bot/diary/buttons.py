"""Button data of the cramp diary: codes start with "d" (and "L" for the way in).

Entry ids in these buttons are only ever used together with the id of the user who
pressed, so a forged id reaches nobody else's entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from bot.core.buttons import ButtonRoutes, CallbackData, action
from bot.diary.paper import Paper
from bot.diary.report_figures import ReportPeriod
from bot.diary.vocabulary import (
    DayPart,
    Duration,
    Helped,
    Muscle,
    Severity,
    Side,
    Tried,
    Trigger,
    WhenKind,
)

YesNo = Literal["yes", "no"]


@action("L")
@dataclass(frozen=True)
class LogCramp(CallbackData):
    """Start logging a cramp: the button on the start menu and under every daily tip."""


@action("dp")
@dataclass(frozen=True)
class LogPlaces(CallbackData):
    """Back to the where-question of a logging flow, on the same message."""

    when: WhenKind = WhenKind.NOW


@action("dc")
@dataclass(frozen=True)
class LogCancel(CallbackData):
    """Abandon a logging flow before anything is saved."""


@action("dw")
@dataclass(frozen=True)
class LogWhere(CallbackData):
    """`when` is what the flow was opened for (see `handlers.start_log_flow`)."""

    muscle: Muscle
    side: Side
    when: WhenKind = WhenKind.NOW


@action("dv")
@dataclass(frozen=True)
class LogSeverity(CallbackData):
    """The tap that saves the entry; the flow message it sits on makes it idempotent."""

    muscle: Muscle
    side: Side
    severity: Severity
    when: WhenKind = WhenKind.NOW


# The buttons below change one field of a saved entry. The same buttons serve the logging
# flow (on its message) and editing from /history (on the history message); see
# `handlers` for how each press is checked against the message it sits on.


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


@action("dq")
@dataclass(frozen=True)
class LogDayPart(CallbackData):
    entry_id: int
    part: DayPart


@action("dg")
@dataclass(frozen=True)
class LogTrigger(CallbackData):
    """Says which way (`on`), so a double tap leaves the trigger as one tap would."""

    entry_id: int
    trigger: Trigger
    on: YesNo


@action("dl")
@dataclass(frozen=True)
class LogDuration(CallbackData):
    entry_id: int
    duration: Duration


@action("da")
@dataclass(frozen=True)
class LogTried(CallbackData):
    entry_id: int
    tried: Tried
    on: YesNo


@action("dj")
@dataclass(frozen=True)
class LogHelped(CallbackData):
    entry_id: int
    helped: Helped


@action("dm")
@dataclass(frozen=True)
class LogPlace(CallbackData):
    """Change where a saved cramp was."""

    entry_id: int
    muscle: Muscle
    side: Side


@action("de")
@dataclass(frozen=True)
class LogLevel(CallbackData):
    """Change how bad a saved cramp was."""

    entry_id: int
    severity: Severity


class Section(StrEnum):
    """The parts of an entry's details; `MAIN` is the summary with when and woke."""

    MAIN = "main"
    PLACE = "place"
    DURATION = "duration"
    TRIGGERS = "triggers"
    TRIED = "tried"


@action("ds")
@dataclass(frozen=True)
class LogSection(CallbackData):
    """Show one part of the entry's details on the same message."""

    entry_id: int
    section: Section


@action("dz")
@dataclass(frozen=True)
class LogNote(CallbackData):
    """Ask for the note, typed as a reply."""

    entry_id: int


@action("db")
@dataclass(frozen=True)
class LogNoteRemove(CallbackData):
    entry_id: int


@action("dP")
@dataclass(frozen=True)
class LogPlaceName(CallbackData):
    """Ask for the name of an "elsewhere" place, typed as a reply."""

    entry_id: int


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


@action("di")
@dataclass(frozen=True)
class HistoryEdit(CallbackData):
    """Turn the /history message into the entry's details, to change any of them."""

    entry_id: int


@action("dH")
@dataclass(frozen=True)
class HistoryBack(CallbackData):
    """From an entry's details back to the /history page that holds it."""

    entry_id: int


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
