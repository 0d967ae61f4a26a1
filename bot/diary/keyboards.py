"""Inline keyboards of the cramp diary: logging, history, erasing and the report."""

from __future__ import annotations

from typing import get_args

from telegram import InlineKeyboardMarkup

from bot.core import texts as core_texts
from bot.core.keyboards import button, rows
from bot.diary import texts
from bot.diary.answer_buttons import NightFree
from bot.diary.buttons import (
    HistoryDelete,
    HistoryDeleteConfirm,
    HistoryPage,
    LogCancel,
    LogCramp,
    LogDone,
    LogPlaces,
    LogSeverity,
    LogTrigger,
    LogUndo,
    LogWhen,
    LogWhere,
    LogWoke,
    ReportMake,
    ReportOptions,
    YesNo,
)
from bot.diary.paper import Paper, other
from bot.diary.report_figures import ReportPeriod
from bot.diary.store import Entry
from bot.diary.vocabulary import Muscle, Severity, Side, Trigger, WhenKind

TRIGGERS_PER_ROW = 2


def _mark(label: str, chosen: bool) -> str:
    return core_texts.CHOSEN + label if chosen else label


def log_start() -> InlineKeyboardMarkup:
    """Under an empty diary, stats or export: the way to fill it."""
    return InlineKeyboardMarkup([[button(texts.LOG_NOW, LogCramp())]])


def places() -> InlineKeyboardMarkup:
    """Muscle and side in one tap: a row per muscle, a column per side."""
    rows = [
        [button(texts.PLACE_NAMES[(muscle, side)], LogWhere(muscle, side)) for side in Side]
        for muscle in Muscle
    ]
    rows.append([button(texts.NO_CRAMPS_LAST_NIGHT, NightFree())])
    rows.append([button(texts.LOG_CANCEL, LogCancel())])
    return InlineKeyboardMarkup(rows)


def severities(muscle: Muscle, side: Side) -> InlineKeyboardMarkup:
    levels = tuple(Severity)
    return InlineKeyboardMarkup(
        [
            [
                button(texts.SEVERITY_BUTTONS[level], LogSeverity(muscle, side, level))
                for level in levels
            ],
            [button(core_texts.BACK, LogPlaces()), button(texts.LOG_CANCEL, LogCancel())],
        ]
    )


def refinements(entry: Entry) -> InlineKeyboardMarkup:
    """Optional details under a saved entry; a tick marks what is already chosen."""
    kinds = tuple(WhenKind)
    answers: tuple[YesNo, ...] = get_args(YesNo)
    triggers = tuple(Trigger)
    woke = None if entry.woke is None else ("yes" if entry.woke else "no")
    trigger_buttons = [
        button(
            _mark(texts.TRIGGER_LABELS[trigger], entry.trigger == trigger),
            LogTrigger(entry.id, trigger),
        )
        for trigger in triggers
    ]
    return InlineKeyboardMarkup(
        [
            [
                button(
                    _mark(texts.WHEN_LABELS[kind], entry.when_kind == kind), LogWhen(entry.id, kind)
                )
                for kind in kinds
            ],
            [
                button(_mark(texts.WOKE_BUTTONS[answer], woke == answer), LogWoke(entry.id, answer))
                for answer in answers
            ],
            *rows(trigger_buttons, TRIGGERS_PER_ROW),
            [
                button(texts.LOG_UNDO, LogUndo(entry.id)),
                button(texts.LOG_DONE, LogDone(entry.id)),
            ],
        ]
    )


def history_page(
    entries: list[Entry], first_number: int, page: int, pages: int
) -> InlineKeyboardMarkup:
    """One delete button per listed entry, numbered as in the text above it."""
    rows = [
        [
            button(texts.HISTORY_DELETE.format(number=number), HistoryDelete(entry.id, page))
            for number, entry in enumerate(entries, start=first_number)
        ]
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
