"""The diary's plain functions, without Telegram: times, counting, CSV safety, the chart."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image, ImageColor

from bot.core.database import open_database
from bot.core.users import User
from bot.diary import charts, export, texts
from bot.diary import logic as diary
from bot.diary import stats as diary_stats
from bot.diary.store import DiaryStore, Entry
from bot.diary.vocabulary import DayPart

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 3, 2)
UTC_ZONE = ZoneInfo("UTC")


def entry(day: date, severity: int = 2, muscle: str = "calf", **extra: object) -> Entry:
    moment = datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC)
    values: dict = {
        "id": 1,
        "user_id": 1,
        "logged_at": moment,
        "happened_at": moment,
        "local_date": day,
        "when_kind": "now",
        "muscle": muscle,
        "side": "left",
        "severity": severity,
        "woke": None,
    }
    trigger = extra.pop("trigger", None)
    if trigger is not None:
        extra["triggers"] = frozenset({trigger})
    return Entry(**(values | extra))


# -- when it happened -----------------------------------------------------------------


def test_night_and_earlier_on_the_day_the_clocks_go_forward() -> None:
    logged = datetime(2026, 3, 29, 8, 0, tzinfo=UTC)  # 10:00 CEST, clocks went 02:00 -> 03:00
    assert diary.happened_at("now", logged, BERLIN) == logged
    assert diary.happened_at("night", logged, BERLIN) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    assert diary.happened_at("earlier", logged, BERLIN) == logged  # "before now", no more
    morning = diary.happened_at("earlier", logged, BERLIN, DayPart.MORNING)
    assert morning == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)  # 09:00 CEST


def test_night_before_three_in_the_morning_is_the_logging_time() -> None:
    logged = datetime(2026, 3, 2, 0, 30, tzinfo=UTC)  # 01:30 in Berlin
    assert diary.happened_at("night", logged, BERLIN) == logged


def test_an_unknown_stored_zone_falls_back_to_the_default() -> None:
    now = datetime(2026, 3, 2, tzinfo=UTC)
    user = User(1, 1, now, False, "Mars/Olympus_Mons", time(8, 0), None, None)
    assert diary.zone_of(user, "Europe/Berlin") == BERLIN
    assert diary.zone_of(None, "UTC") == ZoneInfo("UTC")


# -- the red-flag thresholds ----------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "severe", "flagged"),
    [(2, 2, False), (3, 3, True), (6, 2, False), (7, 0, True), (9, 2, True)],
)
def test_red_flag_thresholds(total: int, severe: int, flagged: bool) -> None:
    assert diary.is_red_flag(diary.RecentCount(total, severe)) is flagged


def test_red_flag_counts_only_the_last_seven_local_days(tmp_path: Path) -> None:
    db = open_database(tmp_path / "diary.sqlite3")
    store = DiaryStore(db)
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    db["users"].insert({"user_id": 1, "chat_id": 1, "first_seen": "x", "timezone": "UTC"})
    for flow, days_ago in enumerate((0, 3, 6, 7)):
        moment = now - timedelta(days=days_ago)
        store.add(1, flow, moment, moment.date(), "calf", "left", 3)
    assert diary.recent_count(store, 1, TODAY) == diary.RecentCount(3, 3)
    assert diary.red_flag_due(store, 1, now, ZoneInfo("UTC")) == diary.RecentCount(3, 3)
    later = now + timedelta(hours=1)
    assert diary.is_red_flag(diary.recent_count(store, 1, TODAY))
    assert diary.red_flag_due(store, 1, later, ZoneInfo("UTC")) is None  # already sent
    db.close()


# -- counting -------------------------------------------------------------------------


def test_windows_are_whole_local_days_ending_today() -> None:
    entries = [entry(TODAY - timedelta(days=6)), entry(TODAY - timedelta(days=7))]
    assert diary_stats.summarise(entries, TODAY, 7, UTC_ZONE).count == 1
    assert diary_stats.summarise(entries, TODAY, 30, UTC_ZONE).count == 2


def test_ties_for_most_common_are_all_named() -> None:
    entries = [
        entry(TODAY, muscle="foot", trigger="sitting"),
        entry(TODAY, muscle="calf", trigger="sitting"),
        entry(TODAY, muscle="calf", when_kind="night"),
        entry(TODAY, muscle="foot", woke=True),
    ]
    summary = diary_stats.summarise(entries, TODAY, 7, UTC_ZONE)
    assert summary.top_muscles == ("calf", "foot")
    assert summary.top_triggers == ("sitting",)
    assert summary.nights == 1  # two cramps, one night
    assert "Most common muscle: calf and foot" in texts.stats_window(summary)


def test_nights_disturbed_counts_nights_not_cramps() -> None:
    entries = [
        entry(TODAY, when_kind="night"),
        entry(TODAY, woke=True),
        entry(TODAY - timedelta(days=1), woke=True),
        entry(TODAY - timedelta(days=2), woke=False),
        entry(TODAY - timedelta(days=3)),
    ]
    assert diary_stats.summarise(entries, TODAY, 7, UTC_ZONE).nights == 2


def test_per_day_has_every_day_oldest_first() -> None:
    days = diary_stats.per_day(
        [entry(TODAY, 3), entry(TODAY, 3), entry(TODAY, 1), entry(TODAY - timedelta(days=2), 2)],
        TODAY,
        30,
    )
    assert len(days) == 30
    assert days[0].day == TODAY - timedelta(days=29)
    assert days[-1] == diary_stats.DayCount(TODAY, mild=1, moderate=0, severe=2)
    assert days[-3] == diary_stats.DayCount(TODAY - timedelta(days=2), 0, 1, 0)
    assert sum(day.mild + day.moderate + day.severe for day in days) == 4


def tallest_columns(png: bytes) -> dict[str, tuple[int, int]]:
    """Per severity: where its colour stands tallest (x, in pixels) and how tall it is.
    The legend shows each colour too, but only a few pixels high."""
    image = Image.open(io.BytesIO(png))
    assert (image.format, image.size) == ("PNG", (800, 400))
    width, height = image.size
    pixels = image.convert("RGB").load()
    assert pixels is not None
    counts = Counter((x, pixels[x, y]) for x in range(width) for y in range(height))
    found = {}
    for name, colour in zip(texts.SEVERITY_NAMES.values(), charts.SEVERITY_COLOURS, strict=True):
        target = ImageColor.getrgb(colour)
        found[name] = max(
            ((x, counts[x, target]) for x in range(width)), key=lambda column: column[1]
        )
    return found


def test_chart_is_a_png_with_one_bar_per_day_in_its_severity_colour() -> None:
    """Two severe cramps today, one mild ten days ago, one moderate twenty days ago."""
    cramps = [
        entry(TODAY, 3),
        entry(TODAY, 3),
        entry(TODAY - timedelta(days=10), 1),
        entry(TODAY - timedelta(days=20), 2),
    ]
    bars = tallest_columns(charts.cramps_per_day_png(diary_stats.per_day(cramps, TODAY, 30)))
    (mild_x, mild), (moderate_x, moderate), (severe_x, severe) = (
        bars["Mild"],
        bars["Moderate"],
        bars["Severe"],
    )
    assert moderate_x < mild_x < severe_x, bars  # oldest day on the left
    assert severe_x > 700, bars  # today's bar is the last one
    assert mild > 50 and mild == moderate, bars  # one cramp each: bars, not legend swatches
    assert abs(severe - 2 * mild) <= 2, bars  # two cramps: twice as tall


# -- export ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\t=1", "'\t=1"),
        ("Calf", "Calf"),
        ("2026-03-02", "2026-03-02"),
        ("", ""),
    ],
)
def test_neutralise_formula_cells(cell: str, safe: str) -> None:
    assert export.neutralise(cell) == safe


def test_every_csv_cell_is_neutralised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(texts.TRIGGER_LABELS, "other", '=HYPERLINK("http://x","y")')
    data = export.diary_csv([entry(TODAY, trigger="other")], BERLIN)
    [header, row] = list(csv.reader(io.StringIO(data.decode())))
    assert header[0] == "Date" and header[13] == "Logged at (Europe/Berlin)"
    assert row[9] == '\'=HYPERLINK("http://x","y")'
    assert row[13] == "2026-03-02 10:00"


def test_file_name() -> None:
    assert export.file_name(TODAY) == "cramp-diary-2026-03-02.csv"


def test_a_late_and_an_early_cramp_disturbed_one_night() -> None:
    """23:30 on the 1st and 03:00 on the 2nd, both waking the user: one night, by night_of."""
    late = entry(TODAY - timedelta(days=1), woke=True)
    late = replace(late, happened_at=datetime(2026, 3, 1, 23, 30, tzinfo=UTC))
    early = replace(entry(TODAY, woke=True), happened_at=datetime(2026, 3, 2, 3, 0, tzinfo=UTC))
    assert diary_stats.summarise([late, early], TODAY, 7, UTC_ZONE).nights == 1
