"""The diary as a CSV file a doctor can open in any spreadsheet.

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

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _row(entry: Entry, zone: ZoneInfo) -> list[str]:
    happened = entry.happened_at.astimezone(zone)
    logged = entry.logged_at.astimezone(zone)
    return [
        entry.local_date.isoformat(),
        happened.strftime("%H:%M") if entry.when_kind == "now" else "",
        texts.WHEN_LABELS[entry.when_kind],
        texts.MUSCLE_NAMES[entry.muscle],
        texts.SIDE_NAMES[entry.side],
        texts.SEVERITY_NAMES[entry.severity],
        texts.yes_no(entry.woke),
        texts.TRIGGER_LABELS[entry.trigger] if entry.trigger else "",
        logged.strftime("%Y-%m-%d %H:%M"),
        str(zone),
    ]


def diary_csv(entries: Sequence[Entry], zone: ZoneInfo) -> bytes:
    """One header row, then one row per entry in the order given, times in `zone`."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([neutralise(cell) for cell in texts.CSV_HEADER])
    for entry in entries:
        writer.writerow([neutralise(cell) for cell in _row(entry, zone)])
    return buffer.getvalue().encode("utf-8")


def file_name(today: date) -> str:
    return f"cramp-diary-{today.isoformat()}.csv"
