"""A time zone from coordinates, offline (timezonefinder ships its own boundary data).

The library and its finder are loaded on first use: most runs of the bot never see a
location, and loading takes a tenth of a second (the import alone 40 ms of start-up).
The coordinates are used here and never stored.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from timezonefinder import TimezoneFinder


@functools.cache
def _finder() -> TimezoneFinder:
    from timezonefinder import TimezoneFinder

    return TimezoneFinder()


def zone_at(latitude: float, longitude: float) -> str | None:
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return _finder().timezone_at(lat=latitude, lng=longitude)
