"""The diary's questions that take a typed answer (see `bot.core.prompts`): an entry's note,
and the name of an "elsewhere" place.

The payload is the entry's id and the message showing its details, so the answer lands on
that entry and refreshes that message; both are checked again against the user when the
answer comes, as a button's would be.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.prompts import PromptKinds

NOTE = "diary-note"
"""After "Add a note": any text is the note (too long a one is asked for again)."""
PLACE = "diary-place"
"""After "Name the place", on an "elsewhere" entry."""

PROMPTS = PromptKinds()
"""The handlers of these kinds register here (`bot.diary.handlers`)."""


@dataclass(frozen=True, slots=True)
class Target:
    """The entry a typed answer is for, and the message showing its details."""

    entry_id: int
    message_id: int

    def payload(self) -> str:
        return f"{self.entry_id}:{self.message_id}"

    @classmethod
    def of(cls, payload: str) -> Target | None:
        entry_id, _, message_id = payload.partition(":")
        if not (entry_id.isdigit() and message_id.isdigit()):
            return None
        return cls(int(entry_id), int(message_id))


def read_text(text: str) -> str | None:
    """Any words are an answer; only its length is checked, by the handler, which says so."""
    return text.strip() or None
