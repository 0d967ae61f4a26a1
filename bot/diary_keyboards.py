"""Inline keyboards of the cramp diary: logging, history and erasing."""

from __future__ import annotations

from typing import get_args

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callback_data import (
    CallbackData,
    ForgetAnswer,
    HistoryDelete,
    HistoryDeleteConfirm,
    HistoryPage,
    LogCancel,
    LogDone,
    LogPlaces,
    LogSeverity,
    LogTrigger,
    LogUndo,
    LogWhen,
    LogWhere,
    LogWoke,
    Muscle,
    SeverityName,
    Side,
    Trigger,
    WhenKind,
    YesNo,
)
from bot.storage.diary import Entry

TRIGGERS_PER_ROW = 2


def _button(label: str, data: CallbackData) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data.encode())


def _mark(label: str, chosen: bool) -> str:
    return texts.CHOSEN + label if chosen else label


def places() -> InlineKeyboardMarkup:
    """Muscle and side in one tap: a row per muscle, a column per side."""
    rows = [
        [
            _button(texts.PLACE_NAMES[(muscle, side)], LogWhere(muscle, side))
            for side in get_args(Side)
        ]
        for muscle in get_args(Muscle)
    ]
    rows.append([_button(texts.LOG_CANCEL, LogCancel())])
    return InlineKeyboardMarkup(rows)


def severities(muscle: Muscle, side: Side) -> InlineKeyboardMarkup:
    levels: tuple[SeverityName, ...] = get_args(SeverityName)
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.SEVERITY_BUTTONS[level], LogSeverity(muscle, side, level))
                for level in levels
            ],
            [_button(texts.BACK, LogPlaces()), _button(texts.LOG_CANCEL, LogCancel())],
        ]
    )


def refinements(entry: Entry) -> InlineKeyboardMarkup:
    """Optional details under a saved entry; a tick marks what is already chosen."""
    kinds: tuple[WhenKind, ...] = get_args(WhenKind)
    answers: tuple[YesNo, ...] = get_args(YesNo)
    triggers: tuple[Trigger, ...] = get_args(Trigger)
    woke = None if entry.woke is None else ("yes" if entry.woke else "no")
    trigger_buttons = [
        _button(
            _mark(texts.TRIGGER_LABELS[trigger], entry.trigger == trigger),
            LogTrigger(entry.id, trigger),
        )
        for trigger in triggers
    ]
    return InlineKeyboardMarkup(
        [
            [
                _button(
                    _mark(texts.WHEN_LABELS[kind], entry.when_kind == kind), LogWhen(entry.id, kind)
                )
                for kind in kinds
            ],
            [
                _button(
                    _mark(texts.WOKE_BUTTONS[answer], woke == answer), LogWoke(entry.id, answer)
                )
                for answer in answers
            ],
            *(
                trigger_buttons[start : start + TRIGGERS_PER_ROW]
                for start in range(0, len(trigger_buttons), TRIGGERS_PER_ROW)
            ),
            [
                _button(texts.LOG_UNDO, LogUndo(entry.id)),
                _button(texts.LOG_DONE, LogDone(entry.id)),
            ],
        ]
    )


def history_page(
    entries: list[Entry], first_number: int, page: int, pages: int
) -> InlineKeyboardMarkup:
    """One delete button per listed entry, numbered as in the text above it."""
    rows = [
        [
            _button(texts.HISTORY_DELETE.format(number=number), HistoryDelete(entry.id, page))
            for number, entry in enumerate(entries, start=first_number)
        ]
    ]
    navigation = []
    if page > 0:
        navigation.append(_button(texts.HISTORY_PREVIOUS, HistoryPage(page - 1)))
    if page + 1 < pages:
        navigation.append(_button(texts.HISTORY_NEXT, HistoryPage(page + 1)))
    if navigation:
        rows.append(navigation)
    return InlineKeyboardMarkup(rows)


def history_delete(entry: Entry, page: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.HISTORY_DELETE_YES, HistoryDeleteConfirm(entry.id, page)),
                _button(texts.HISTORY_DELETE_NO, HistoryPage(page)),
            ]
        ]
    )


def forget_confirmation() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                _button(texts.FORGET_YES, ForgetAnswer("yes")),
                _button(texts.FORGET_NO, ForgetAnswer("no")),
            ]
        ]
    )
