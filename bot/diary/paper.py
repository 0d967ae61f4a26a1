"""Which paper a user prints on: Letter in the United States, Canada and Mexico, A4 elsewhere.

tzdata's `zone.tab` names the country of every canonical zone, so the guess needs no
network and no list of our own; a zone it does not list (an alias, "UTC") gets A4.
"""

from __future__ import annotations

import functools
from enum import StrEnum
from importlib.resources import files

LETTER_COUNTRIES = frozenset({"US", "CA", "MX"})


class Paper(StrEnum):
    A4 = "a4"
    LETTER = "letter"


@functools.cache
def _letter_zones() -> frozenset[str]:
    table = (files("tzdata") / "zoneinfo" / "zone.tab").read_text(encoding="utf-8")
    zones = set()
    for line in table.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        country, _coordinates, zone, *_comment = line.split("\t")
        if country in LETTER_COUNTRIES:
            zones.add(zone)
    return frozenset(zones)


def paper_for(zone_name: str) -> Paper:
    return Paper.LETTER if zone_name in _letter_zones() else Paper.A4


def other(paper: Paper) -> Paper:
    return Paper.A4 if paper is Paper.LETTER else Paper.LETTER
