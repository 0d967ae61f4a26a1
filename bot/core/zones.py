"""Which time-zone names the bot accepts, and what it suggests for the others.

Accepted: `UTC` and the zones of tzdata's `zone1970.tab`, the places whose clocks have
differed since 1970 (`Europe/Berlin`, `America/Argentina/Buenos_Aires`). An older or
alternative name of one of them (`Asia/Calcutta`, `US/Eastern`) is stored as the zone it
names (`Asia/Kolkata`). tzdata ships no `backward` file, but its `tzdata.zi` (the whole
database in compact form) lists every link as `L <target> <name>`; a link is followed
to its end. Only names with an area (`Area/...`) are taken that way: a bare `EST`,
`GMT`, `Japan`, `localtime` or `Factory` is an abbreviation, a legacy alias or no place at
all, and a user who meant `EST` most likely lives where clocks change in summer. Those,
and a city name alone (`Berlin`), get suggestions instead (`suggestions`).

Everything is read once, from the `tzdata` package that `zoneinfo` itself uses, so the
names accepted are always names `ZoneInfo` can load.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime
from importlib import resources
from zoneinfo import ZoneInfo

UTC_NAME = "UTC"
MAX_ZONE_LENGTH = 64
MAX_SUGGESTIONS = 8
POPULAR = (
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Moscow",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
)
"""The zones offered as buttons by default, and listed first among suggestions."""

_ABBREVIATION = re.compile(r"^[A-Za-z]{2,5}$")

TWELVE_HOUR_COUNTRIES = frozenset(
    {
        # North America, with the United States' territories
        *("US", "CA", "PR", "GU", "AS", "MP", "VI", "UM"),
        # Oceania
        *("AU", "NZ"),
        # South and South-East Asia
        *("IN", "PK", "BD", "PH", "MY"),
        # East Asia
        *("KR", "TW"),
        # The Arab world's everyday clock
        *("EG", "SA", "AE", "JO", "KW", "QA", "OM", "BH", "IQ", "SY", "LB", "LY", "SD", "YE"),
        # Latin America
        *("CO",),
    }
)
"""Countries (ISO 3166 codes) whose people read times on the 12-hour clock, `7:30 AM`:
where CLDR's time data prefers it (the clock phones there show by default). Everyone else,
and `UTC`, reads `07:30`. A country left out still gets a clock it can read."""


def _tzdata_text(name: str) -> str:
    return resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")


@functools.cache
def canonical_zones() -> frozenset[str]:
    """`UTC` and every zone of zone1970.tab."""
    names = {UTC_NAME}
    for line in _tzdata_text("zone1970.tab").splitlines():
        if line and not line.startswith("#"):
            names.add(line.split("\t")[2])
    return frozenset(names)


@functools.cache
def _links() -> dict[str, str]:
    """Every link name and the zone it names, chains followed."""
    direct = {}
    for line in _tzdata_text("tzdata.zi").splitlines():
        if line.startswith("L "):
            _, target, name = line.split()
            direct[name] = target
    resolved = {}
    for name, target in direct.items():
        seen = {name}
        while target in direct and target not in seen:
            seen.add(target)
            target = direct[target]
        resolved[name] = target
    return resolved


def _canonical(name: str) -> str | None:
    """The accepted zone a database name stands for: itself, its link's end, or `UTC`."""
    if name in canonical_zones():
        return name
    target = _links().get(name, name)
    if target in ("Etc/UTC", "Etc/UCT"):
        return UTC_NAME
    return target if target in canonical_zones() else None


@functools.cache
def _by_lower_name() -> dict[str, str]:
    """Accepted spellings, lower-cased: the zones themselves and area-qualified links."""
    names = {zone.lower(): zone for zone in canonical_zones()}
    names["etc/utc"] = UTC_NAME
    for name in _links():
        target = _canonical(name)
        if target is not None and "/" in name:
            names.setdefault(name.lower(), target)
    return names


def accepted_zone(text: str) -> str | None:
    """The zone to store for what the user typed (any case), or None."""
    name = text.strip()
    if not name or len(name) > MAX_ZONE_LENGTH:
        return None
    return _by_lower_name().get(name.lower())


def _place(name: str) -> str:
    """A zone's city as users type it: 'America/Argentina/Buenos_Aires' -> 'buenos aires'."""
    return re.sub(r"[\s_-]+", " ", name.rsplit("/", 1)[-1]).strip().lower()


@functools.cache
def _by_place() -> dict[str, frozenset[str]]:
    """City (last part of a name, links included) -> the accepted zones it names."""
    places: dict[str, set[str]] = {}
    for name in (*canonical_zones(), *_links()):
        target = _canonical(name)
        if target is not None and target != UTC_NAME:
            places.setdefault(_place(name), set()).add(target)
    return {place: frozenset(zones) for place, zones in places.items()}


@functools.cache
def _by_abbreviation(year: int) -> dict[str, frozenset[str]]:
    """Abbreviation in use in January or July of `year` (EST, CEST, IST) -> its zones.

    Numeric ones (+03) name no place and are left out.
    """
    found: dict[str, set[str]] = {}
    moments = (datetime(year, 1, 15, 12, tzinfo=UTC), datetime(year, 7, 15, 12, tzinfo=UTC))
    for zone in canonical_zones():
        for moment in moments:
            abbreviation = moment.astimezone(ZoneInfo(zone)).tzname()
            if abbreviation and abbreviation[0].isalpha():
                found.setdefault(abbreviation.upper(), set()).add(zone)
    return {abbreviation: frozenset(zones) for abbreviation, zones in found.items()}


def _ordered(zones: set[str]) -> list[str]:
    """The popular zones first, then the rest in alphabetical order."""
    popular = [zone for zone in POPULAR if zone in zones]
    return [*popular, *sorted(zones - set(popular))][:MAX_SUGGESTIONS]


def suggestions(text: str, now: datetime) -> list[str]:
    """Zones that a name we do not accept may mean: for an abbreviation, the zones that
    use it; for a city or a bare legacy name (`Japan`), the zones it names. Empty if none."""
    name = text.strip()
    if not name or len(name) > MAX_ZONE_LENGTH:
        return []
    zones: set[str] = set()
    if _ABBREVIATION.match(name):
        zones |= _by_abbreviation(now.year).get(name.upper(), frozenset())
    if "/" not in name:
        zones |= _by_place().get(_place(name), frozenset())
        target = _canonical(name)
        if target is not None and not zones:
            zones.add(target)
    return _ordered(zones)


@functools.cache
def _countries() -> dict[str, str]:
    """Zone -> the country zone1970.tab lists first for it (the one it is named for)."""
    countries = {}
    for line in _tzdata_text("zone1970.tab").splitlines():
        if line and not line.startswith("#"):
            codes, _, zone = line.split("\t")[:3]
            countries[zone] = codes.split(",")[0]
    return countries


def uses_12_hour_clock(zone: str) -> bool:
    """Whether people in `zone` read times as `7:30 AM` (see `TWELVE_HOUR_COUNTRIES`)."""
    canonical = accepted_zone(zone)
    return canonical is not None and _countries().get(canonical) in TWELVE_HOUR_COUNTRIES


def is_accepted(stored: str) -> bool:
    """Whether a stored zone is one the bot accepts today (older rows may hold others).

    An area-qualified link (`Asia/Calcutta`) is: it keeps the same clock as the zone it names.
    """
    return accepted_zone(stored) is not None
