"""The diary as a CSV file a doctor can open in any spreadsheet.

Times are in the user's zone, named in the header; every entry has a time (a clock time,
"night", the part of the day the user gave, or "before" the moment it was logged, for
"earlier today"), and a value the user did not give reads "not recorded", never a blank
a reader could take for "no". Notes and typed place names are the user's own words.

Spreadsheets run a cell that starts with =, +, - or @ as a formula, so every cell that
could be read that way is prefixed with an apostrophe ("CSV injection"); a tab or
carriage return at the start is treated the same way.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from zoneinfo import ZoneInfo

from bot.diary import texts
from bot.diary.store import Entry
from bot.diary.vocabulary import WhenKind

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _time(entry: Entry, zone: ZoneInfo) -> str:
    if entry.when_kind == WhenKind.NOW:
        return f"{entry.happened_at.astimezone(zone):%H:%M}"
    if entry.when_kind == WhenKind.NIGHT:
        return texts.CSV_NIGHT
    if entry.day_part is not None:
        return entry.day_part.value
    if entry.when_kind == WhenKind.EARLIER:
        return texts.csv_earlier(entry.logged_at.astimezone(zone))
    return texts.NOT_RECORDED


def _listed(values: frozenset[str], labels: dict[str, str]) -> str:
    """In the order of the buttons; "not recorded" when the user named none."""
    return "; ".join(label for key, label in labels.items() if key in values) or (
        texts.NOT_RECORDED
    )


def _or_not_recorded(value: str | None, labels: dict[str, str] | None = None) -> str:
    if value is None:
        return texts.NOT_RECORDED
    return labels[value] if labels is not None else value


def _row(entry: Entry, zone: ZoneInfo) -> list[str]:
    logged = entry.logged_at.astimezone(zone)
    return [
        entry.local_date.isoformat(),
        _time(entry, zone),
        texts.WHEN_LABELS[entry.when_kind],
        texts.MUSCLE_NAMES[entry.muscle],
        entry.place or texts.NOT_RECORDED,
        texts.SIDE_NAMES[entry.side],
        texts.SEVERITY_NAMES[entry.severity],
        texts.csv_yes_no(entry.woke),
        _or_not_recorded(entry.duration, texts.DURATION_LABELS),
        _listed(entry.triggers, texts.TRIGGER_LABELS),
        _listed(entry.tried, texts.TRIED_LABELS),
        _or_not_recorded(entry.helped, texts.HELPED_LABELS),
        _or_not_recorded(entry.note),
        f"{logged:%Y-%m-%d %H:%M}",
    ]


def diary_csv(entries: Sequence[Entry], zone: ZoneInfo) -> bytes:
    """One header row, then one row per entry in the order given, times in `zone`."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([neutralise(cell) for cell in texts.csv_header(str(zone))])
    for entry in entries:
        writer.writerow([neutralise(cell) for cell in _row(entry, zone)])
    return buffer.getvalue().encode("utf-8")


def file_name(today: date) -> str:
    return f"cramp-diary-{today.isoformat()}.csv"
