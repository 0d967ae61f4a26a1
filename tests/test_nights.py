"""Nights are defined once: a late-evening cramp and the next morning's answer share one."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

from bot.core.database import open_database
from bot.core.users import UserStore
from bot.diary.nights import NightStore, night_of


def test_evening_moments_belong_to_the_coming_night_and_mornings_to_the_last() -> None:
    assert night_of(datetime(2026, 3, 9, 23, 30)) == date(2026, 3, 10)
    assert night_of(datetime(2026, 3, 10, 3, 0)) == date(2026, 3, 10)
    assert night_of(datetime(2026, 3, 10, 11, 59)) == date(2026, 3, 10)
    assert night_of(datetime(2026, 3, 10, 12, 0)) == date(2026, 3, 11)


def test_free_nights_are_only_those_marked_and_a_second_answer_changes_it(
    tmp_path: Path,
) -> None:
    db = open_database(tmp_path / "bot.sqlite3")
    now = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)
    UserStore(db).ensure(1, 1, now, "UTC", time(8, 0))
    UserStore(db).ensure(2, 2, now, "UTC", time(8, 0))
    nights = NightStore(db)
    nights.mark_free(1, date(2026, 3, 9), now)
    nights.mark_free(1, date(2026, 3, 10), now)
    nights.mark_free(1, date(2026, 3, 10), now)
    nights.mark_free(2, date(2026, 3, 8), now)
    nights.unmark(1, date(2026, 3, 9))

    assert nights.free_nights(1, date(2026, 3, 1), date(2026, 3, 31)) == {date(2026, 3, 10)}
    assert nights.free_nights(2, date(2026, 3, 9), date(2026, 3, 31)) == set()
    UserStore(db).forget(1)
    assert db.execute("SELECT count(*) FROM cramp_free_nights").fetchone()[0] == 1
