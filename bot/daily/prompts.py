"""The daily tip's questions that take a typed answer (see `bot.core.prompts`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from telegram import Message

from bot.core.prompts import PromptKinds
from bot.core.zones import suggestions
from bot.daily.settings import parse_zone

TIME = "time"
"""After /time (or "Change time"): `07:45`, `7:45 pm`."""
ZONE = "zone"
"""After /timezone (or "Change time zone"): a zone or a city."""

PROMPTS = PromptKinds()
"""The handlers of these kinds register here (`bot.daily.handlers`)."""


@dataclass(frozen=True, slots=True)
class ZoneReading:
    """A typed zone: the zone itself, or the zones a city or abbreviation may mean."""

    zone: str | None
    choices: tuple[str, ...] = ()


def read_zone(text: str, now: datetime) -> ZoneReading | None:
    """None for text that names no zone at all (so it is not taken as an answer)."""
    zone = parse_zone(text)
    if zone is not None:
        return ZoneReading(zone)
    choices = suggestions(text, now)
    if len(choices) == 1:
        return ZoneReading(choices[0])
    return ZoneReading(None, tuple(choices)) if choices else None


def typed_zone(message: Message) -> ZoneReading | None:
    """Abbreviations are looked up as used in the year the message was sent."""
    return read_zone(message.text, message.date) if message.text else None
