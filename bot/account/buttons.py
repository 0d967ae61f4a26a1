"""Button data of the start menu, /help, /stop and /forget."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.core.buttons import ButtonRoutes, CallbackData, action

MenuTarget = Literal["causes", "tips", "help", "history", "settings", "privacy"]
"""Values may be added, never removed: old menus in chats still carry them."""
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
