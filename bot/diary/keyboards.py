"""Inline keyboards of the cramp diary: logging, history, erasing and the report."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import get_args

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core import texts as core_texts
from bot.core.keyboards import button, rows
from bot.diary import texts
from bot.diary.answer_buttons import NightFree
from bot.diary.buttons import (
    HistoryBack,
    HistoryDelete,
    HistoryDeleteConfirm,
    HistoryEdit,
    HistoryPage,
    LogCancel,
    LogCramp,
    LogDayPart,
    LogDone,
    LogDuration,
    LogHelped,
    LogLevel,
    LogNote,
    LogNoteRemove,
    LogPlace,
    LogPlaceName,
    LogPlaces,
    LogSection,
    LogSeverity,
    LogTried,
    LogTrigger,
    LogUndo,
    LogWhen,
    LogWhere,
    LogWoke,
    ReportMake,
    ReportOptions,
    Section,
    YesNo,
)
from bot.diary.paper import Paper, other
from bot.diary.report_figures import ReportPeriod
from bot.diary.store import Entry
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

PER_ROW = 2

HISTORY_PAGE_SIZE = 5


def _mark(label: str, chosen: bool) -> str:
    return core_texts.CHOSEN + label if chosen else label


def log_start() -> InlineKeyboardMarkup:
    """Under an empty diary, stats or export: the way to fill it."""
    return InlineKeyboardMarkup([[button(texts.LOG_NOW, LogCramp())]])


def places(when: WhenKind = WhenKind.NOW) -> InlineKeyboardMarkup:
    """Muscle and side in one tap: a row per muscle, a column per side."""
    rows = [
        [button(texts.PLACE_NAMES[(muscle, side)], LogWhere(muscle, side, when)) for side in Side]
        for muscle in Muscle
    ]
    rows.append([button(texts.NO_CRAMPS_LAST_NIGHT, NightFree())])
    rows.append([button(texts.LOG_CANCEL, LogCancel())])
    return InlineKeyboardMarkup(rows)


def severities(muscle: Muscle, side: Side, when: WhenKind = WhenKind.NOW) -> InlineKeyboardMarkup:
    levels = tuple(Severity)
    return InlineKeyboardMarkup(
        [
            [
                button(texts.SEVERITY_BUTTONS[level], LogSeverity(muscle, side, level, when))
                for level in levels
            ],
            [button(core_texts.BACK, LogPlaces(when)), button(texts.LOG_CANCEL, LogCancel())],
        ]
    )


class View(StrEnum):
    """Where an entry's details are shown: the logging flow just saved, or /history."""

    FLOW = "flow"
    EDIT = "edit"


def _ends(entry: Entry, view: View, page: int) -> list[InlineKeyboardButton]:
    if view is View.FLOW:
        return [
            button(texts.LOG_UNDO, LogUndo(entry.id)),
            button(texts.LOG_DONE, LogDone(entry.id)),
        ]
    return [
        button(texts.EDIT_DELETE, HistoryDelete(entry.id, page)),
        button(texts.EDIT_BACK, HistoryBack(entry.id)),
    ]


def _back(entry: Entry) -> list[InlineKeyboardButton]:
    return [button(core_texts.BACK, LogSection(entry.id, Section.MAIN))]


def _main(entry: Entry, parts: Sequence[DayPart]) -> list[list[InlineKeyboardButton]]:
    kinds = tuple(WhenKind)
    answers: tuple[YesNo, ...] = get_args(YesNo)
    woke = None if entry.woke is None else ("yes" if entry.woke else "no")
    when_buttons = [
        button(_mark(texts.WHEN_LABELS[kind], entry.when_kind == kind), LogWhen(entry.id, kind))
        for kind in kinds
    ]
    layout = [when_buttons[:3], when_buttons[3:]]
    if parts:
        layout.append(
            [
                button(
                    _mark(texts.DAY_PART_LABELS[part], entry.day_part == part),
                    LogDayPart(entry.id, part),
                )
                for part in parts
            ]
        )
    layout += [
        [
            button(_mark(texts.WOKE_BUTTONS[answer], woke == answer), LogWoke(entry.id, answer))
            for answer in answers
        ],
        [
            button(texts.SECTION_PLACE, LogSection(entry.id, Section.PLACE)),
            button(
                _mark(texts.SECTION_DURATION, entry.duration is not None),
                LogSection(entry.id, Section.DURATION),
            ),
        ],
        [
            button(
                _mark(texts.SECTION_TRIGGERS, bool(entry.triggers)),
                LogSection(entry.id, Section.TRIGGERS),
            ),
            button(
                _mark(texts.SECTION_TRIED, bool(entry.tried) or entry.helped is not None),
                LogSection(entry.id, Section.TRIED),
            ),
        ],
    ]
    if entry.note:
        layout.append(
            [
                button(texts.NOTE_CHANGE, LogNote(entry.id)),
                button(texts.NOTE_REMOVE, LogNoteRemove(entry.id)),
            ]
        )
    else:
        layout.append([button(texts.NOTE_ADD, LogNote(entry.id))])
    return layout


def _place(entry: Entry) -> list[list[InlineKeyboardButton]]:
    layout = [
        [
            button(
                _mark(
                    texts.PLACE_NAMES[(muscle, side)],
                    (entry.muscle, entry.side) == (muscle, side),
                ),
                LogPlace(entry.id, muscle, side),
            )
            for side in Side
        ]
        for muscle in Muscle
    ]
    if entry.muscle == Muscle.OTHER:
        layout.append([button(texts.NAME_PLACE, LogPlaceName(entry.id))])
    layout.append(
        [
            button(
                _mark(texts.SEVERITY_BUTTONS[level], entry.severity == level.level),
                LogLevel(entry.id, level),
            )
            for level in Severity
        ]
    )
    return layout


def _duration(entry: Entry) -> list[list[InlineKeyboardButton]]:
    return rows(
        [
            button(
                _mark(texts.DURATION_LABELS[duration], entry.duration == duration),
                LogDuration(entry.id, duration),
            )
            for duration in Duration
        ],
        PER_ROW,
    )


def _triggers(entry: Entry) -> list[list[InlineKeyboardButton]]:
    return rows(
        [
            button(
                _mark(texts.TRIGGER_LABELS[trigger], trigger in entry.triggers),
                LogTrigger(entry.id, trigger, "no" if trigger in entry.triggers else "yes"),
            )
            for trigger in Trigger
        ],
        PER_ROW,
    )


def _tried(entry: Entry) -> list[list[InlineKeyboardButton]]:
    did = rows(
        [
            button(
                _mark(texts.TRIED_LABELS[tried], tried in entry.tried),
                LogTried(entry.id, tried, "no" if tried in entry.tried else "yes"),
            )
            for tried in Tried
        ],
        PER_ROW,
    )
    helped = [
        button(
            _mark(texts.HELPED_LABELS[answer], entry.helped == answer), LogHelped(entry.id, answer)
        )
        for answer in Helped
    ]
    return [*did, helped]


_SECTIONS = {
    Section.PLACE: _place,
    Section.DURATION: _duration,
    Section.TRIGGERS: _triggers,
    Section.TRIED: _tried,
}


def details(
    entry: Entry, section: Section, view: View, page: int = 0, parts: Sequence[DayPart] = ()
) -> InlineKeyboardMarkup:
    """The entry's details, one section at a time; a tick marks what is already chosen.

    The same buttons serve the flow and /history; only the last row differs (Undo and
    Done, or Delete and back to the page, `page`, that holds the entry). `parts` are the
    times of day the entry's day can be narrowed to (`logic.day_parts`).
    """
    if section is Section.MAIN:
        return InlineKeyboardMarkup([*_main(entry, parts), _ends(entry, view, page)])
    return InlineKeyboardMarkup([*_SECTIONS[section](entry), _back(entry)])


def history_page(
    entries: list[Entry], first_number: int, page: int, pages: int
) -> InlineKeyboardMarkup:
    """An edit and a delete button per listed entry, numbered as in the text above it."""
    numbered = list(enumerate(entries, start=first_number))
    rows = [
        [
            button(texts.HISTORY_EDIT.format(number=number), HistoryEdit(entry.id))
            for number, entry in numbered
        ],
        [
            button(texts.HISTORY_DELETE.format(number=number), HistoryDelete(entry.id, page))
            for number, entry in numbered
        ],
    ]
    navigation = []
    if page > 0:
        navigation.append(button(texts.HISTORY_PREVIOUS, HistoryPage(page - 1)))
    if page + 1 < pages:
        navigation.append(button(texts.HISTORY_NEXT, HistoryPage(page + 1)))
    if navigation:
        rows.append(navigation)
    return InlineKeyboardMarkup(rows)


def history_delete(entry: Entry, page: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                button(texts.HISTORY_DELETE_YES, HistoryDeleteConfirm(entry.id, page)),
                button(texts.HISTORY_DELETE_NO, HistoryPage(page)),
            ]
        ]
    )


def report_options(paper: Paper, name: YesNo) -> InlineKeyboardMarkup:
    """A period button makes the PDF; the two below change paper and name, in place."""
    return InlineKeyboardMarkup(
        [
            [
                button(texts.REPORT_PERIODS[period], ReportMake(period, paper, name))
                for period in ReportPeriod
            ],
            [button(texts.report_paper_button(paper), ReportOptions(other(paper), name))],
            [
                button(
                    texts.REPORT_NAME_ADDED if name == "yes" else texts.REPORT_ADD_NAME,
                    ReportOptions(paper, "no" if name == "yes" else "yes"),
                )
            ],
        ]
    )
