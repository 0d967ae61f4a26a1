"""Updates the way a bench describes them: what a user does, not the Bot API payload.

The server process turns each into a real update when it offers it, because only
then does it know which messages, and which buttons, the user has in front of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SendText:
    """The user types a message (a command if it starts with '/')."""

    user: int
    text: str


@dataclass(frozen=True)
class Press:
    """The user presses a button on the newest bot message without a press in flight.

    `label` narrows the choice to buttons whose text contains it; otherwise one of
    the message's buttons is picked at random. `data` is sent only when the message
    has no matching button (a bare echo bot sends no keyboards).
    """

    user: int
    label: str | None = None
    data: str | None = None


UserAction = SendText | Press


def as_json(action: UserAction) -> dict[str, Any]:
    if isinstance(action, SendText):
        return {"user": action.user, "text": action.text}
    return {"user": action.user, "press": True, "label": action.label, "data": action.data}
