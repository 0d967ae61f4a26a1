"""Button data of the start menu, /stop and /forget."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.core.buttons import ButtonRoutes, CallbackData, action

MenuTarget = Literal["causes", "tips", "help"]
YesNo = Literal["yes", "no"]


@action("m")
@dataclass(frozen=True)
class Menu(CallbackData):
    target: MenuTarget


@action("s")
@dataclass(frozen=True)
class StopAnswer(CallbackData):
    answer: Literal["yes", "no"]


@action("df")
@dataclass(frozen=True)
class ForgetAnswer(CallbackData):
    answer: YesNo


ROUTES = ButtonRoutes()
"""The handlers of these buttons register here (`bot.account.handlers`)."""
