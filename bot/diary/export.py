"""The diary as a CSV file a doctor can open in any spreadsheet.

Times are in the user's zone, named in the header; every entry has a time (a clock time,
"night", or "before" the moment it was logged, for "earlier today"), and a value the
user did not give reads "not recorded", never a blank a reader could take for "no".

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
    if entry.when_kind == WhenKind.NIGHT:
        return texts.CSV_NIGHT
    if entry.when_kind == WhenKind.EARLIER:
        return texts.csv_earlier(entry.logged_at.astimezone(zone))
    return f"{entry.happened_at.astimezone(zone):%H:%M}"


def _row(entry: Entry, zone: ZoneInfo) -> list[str]:
    logged = entry.logged_at.astimezone(zone)
    return [
        entry.local_date.isoformat(),
        _time(entry, zone),
        texts.WHEN_LABELS[entry.when_kind],
        texts.MUSCLE_NAMES[entry.muscle],
        texts.SIDE_NAMES[entry.side],
        texts.SEVERITY_NAMES[entry.severity],
        texts.csv_yes_no(entry.woke),
        texts.TRIGGER_LABELS[entry.trigger] if entry.trigger else texts.NOT_RECORDED,
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
