"""Keyboards of typed logging and the insights' links to what the articles say."""

from __future__ import annotations

from dataclasses import replace

from telegram import InlineKeyboardMarkup

from bot.core import texts as core_texts
from bot.core.keyboards import button, rows
from bot.diary import texts
from bot.diary.answer_buttons import (
    NONE,
    DraftMuscle,
    DraftSeverity,
    DraftSide,
    DraftView,
    InsightTopic,
    TypedDraft,
    TypedSave,
)
from bot.diary.buttons import LogCancel
from bot.diary.insights import Topic
from bot.diary.vocabulary import Muscle, Severity, Side, WhenKind
from bot.knowledge.content import Item

FIELDS: tuple[DraftView, ...] = ("muscle", "side", "severity")
"""The fields an entry cannot be saved without, in the order they are asked for."""
MUSCLES: tuple[DraftMuscle, ...] = ("calf", "foot", "thigh", "other")
SIDES: tuple[DraftSide, ...] = ("left", "right", "both")
SEVERITIES: tuple[DraftSeverity, ...] = ("mild", "moderate", "severe")


def view_of(draft: TypedDraft) -> DraftView:
    """The draft asks for the first missing field itself, so no tap is spent on "change"."""
    if draft.view != "confirm":
        return draft.view
    return next((field for field in FIELDS if getattr(draft, field) == NONE), "confirm")


def _mark(label: str, chosen: bool) -> str:
    return core_texts.CHOSEN + label if chosen else label


def _labels(draft: TypedDraft) -> dict[DraftView, str]:
    return {
        "muscle": texts.MUSCLE_NAMES[draft.muscle],
        "side": texts.SIDE_NAMES[draft.side],
        "severity": texts.SEVERITY_NAMES[Severity(draft.severity).level],
        "when": texts.WHEN_LABELS[draft.when],
    }


def draft(draft: TypedDraft) -> InlineKeyboardMarkup:
    view = view_of(draft)
    cancel = button(texts.LOG_CANCEL, LogCancel())
    if view == "confirm":
        labels = _labels(draft)
        changes = [
            button(texts.typed_change(field, labels[field]), replace(draft, view=field))
            for field in ("muscle", "side", "severity", "when")
        ]
        save = TypedSave(
            Muscle(draft.muscle), Side(draft.side), Severity(draft.severity), draft.when
        )
        return InlineKeyboardMarkup([*rows(changes, 2), [button(texts.TYPED_SAVE, save), cancel]])
    choose = replace(draft, view="confirm")
    if view == "muscle":
        options = [
            button(_mark(texts.MUSCLE_NAMES[m], draft.muscle == m), replace(choose, muscle=m))
            for m in MUSCLES
        ]
    elif view == "side":
        options = [
            button(_mark(texts.SIDE_NAMES[s], draft.side == s), replace(choose, side=s))
            for s in SIDES
        ]
    elif view == "severity":
        options = [
            button(
                _mark(texts.SEVERITY_BUTTONS[s], draft.severity == s), replace(choose, severity=s)
            )
            for s in SEVERITIES
        ]
    else:
        options = [
            button(_mark(texts.WHEN_LABELS[w], draft.when == w), replace(choose, when=w))
            for w in WhenKind
        ]
    last = [cancel]
    if view_of(choose) == "confirm":
        last.insert(0, button(core_texts.BACK, choose))
    return InlineKeyboardMarkup([*rows(options, 3), last])


def topics(items: list[tuple[Topic, Item]]) -> InlineKeyboardMarkup | None:
    """One button per article topic the insights touch, each once."""
    if not items:
        return None
    return InlineKeyboardMarkup(
        [
            [button(texts.topic_button(item.title), InsightTopic(section, item.id))]
            for (section, _), item in items
        ]
    )
