"""Button data of the admin tools: codes start with "a".

The router checks admin rights on every press of these, as for the commands.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.buttons import ButtonRoutes, CallbackData, action


@action("ab")
@dataclass(frozen=True)
class ConfirmBroadcast(CallbackData):
    broadcast_id: int


@action("ax")
@dataclass(frozen=True)
class CancelBroadcast(CallbackData):
    broadcast_id: int


@action("at")
@dataclass(frozen=True)
class BroadcastTip(CallbackData):
    """The "Also broadcast now" button under a newly added team tip: opens a preview."""

    tip_id: int


@action("ar")
@dataclass(frozen=True)
class RemoveTeamTip(CallbackData):
    """Under a team tip an admin opened from /tips: take it out of the rotation."""

    tip_id: int


ROUTES = ButtonRoutes()
"""The handlers of these buttons register here, as they are imported."""
