"""The diary's vocabulary is defined once (enums); the schema must allow exactly it.

Migrations already applied never change, so the CHECK lists stay literal in them; a
change of vocabulary without a new migration fails here.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path

import pytest

from bot.core.database import open_database
from bot.diary.vocabulary import (
    DayPart,
    Duration,
    Helped,
    Muscle,
    Severity,
    Side,
    Tried,
    Trigger,
    WhenKind,
)

COLUMNS: dict[tuple[str, str], type[StrEnum]] = {
    ("cramp_entries", "when_kind"): WhenKind,
    ("cramp_entries", "day_part"): DayPart,
    ("cramp_entries", "muscle"): Muscle,
    ("cramp_entries", "side"): Side,
    ("cramp_entries", "duration"): Duration,
    ("cramp_entries", "helped"): Helped,
    ("entry_triggers", "trigger"): Trigger,
    ("entry_tried", "tried"): Tried,
}


def _schema(tmp_path: Path, table: str = "cramp_entries") -> str:
    db = open_database(tmp_path / "bot.sqlite3")
    try:
        return str(
            db.execute("SELECT sql FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
        )
    finally:
        db.close()


@pytest.mark.parametrize(("place", "vocabulary"), COLUMNS.items())
def test_the_schema_allows_exactly_the_enum(
    tmp_path: Path, place: tuple[str, str], vocabulary: type[StrEnum]
) -> None:
    table, column = place
    match = re.search(
        rf"\b{column}\b[^,]*?CHECK \({column} IN\s*\(([^)]*)\)\)", _schema(tmp_path, table)
    )
    assert match is not None, f"no CHECK list for {column}"
    allowed = {value.strip().strip("'") for value in match.group(1).split(",")}
    assert allowed == {member.value for member in vocabulary}


def test_severity_levels_match_the_schema(tmp_path: Path) -> None:
    match = re.search(r"CHECK \(severity BETWEEN (\d+) AND (\d+)\)", _schema(tmp_path))
    assert match is not None
    low, high = int(match.group(1)), int(match.group(2))
    assert sorted(severity.level for severity in Severity) == list(range(low, high + 1))
    assert all(Severity.of_level(severity.level) is severity for severity in Severity)
