"""A time zone from coordinates, offline (timezonefinder ships its own boundary data).

The finder is created on first use: most runs of the bot never see a location, and
loading takes a tenth of a second. The coordinates are used here and never stored.
"""

from __future__ import annotations

import functools

from timezonefinder import TimezoneFinder


@functools.cache
def _finder() -> TimezoneFinder:
    return TimezoneFinder()


def zone_at(latitude: float, longitude: float) -> str | None:
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return _finder().timezone_at(lat=latitude, lng=longitude)
