"""Button data for browsing causes and tips."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.core.buttons import ButtonRoutes, CallbackData, action

Section = Literal["causes", "tips"]


@action("l")
@dataclass(frozen=True)
class ShowList(CallbackData):
    section: Section


@action("i")
@dataclass(frozen=True)
class ShowItem(CallbackData):
    section: Section
    item_id: str


@action("n")
@dataclass(frozen=True)
class AnotherTip(CallbackData):
    after: str


@action("nd")
@dataclass(frozen=True)
class MoreTips(CallbackData):
    """ "Another tip" under a daily tip: answered with a new message, the tip stays."""

    after: str


ROUTES = ButtonRoutes()
"""The handlers of these buttons register here, as they are imported."""
