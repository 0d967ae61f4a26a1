"""Issue 14: times as people type them, and as people in each zone read them."""

from __future__ import annotations

from datetime import time

import pytest

from bot.core.texts import time_of_day
from bot.core.zones import uses_12_hour_clock
from bot.daily.settings import parse_tip_time


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("07:30", time(7, 30)),
        ("7:30", time(7, 30)),
        ("19:00", time(19)),
        ("0:05", time(0, 5)),
        ("23:59", time(23, 59)),
        ("7.30", time(7, 30)),
        ("19.00", time(19)),
        ("19h00", time(19)),
        ("7 : 30", time(7, 30)),
        ("  07:30  ", time(7, 30)),
        ("7:30 am", time(7, 30)),
        ("7:30am", time(7, 30)),
        ("7:30 AM", time(7, 30)),
        ("7:30 A.M.", time(7, 30)),
        ("7:30 pm", time(19, 30)),
        ("7pm", time(19)),
        ("7 PM", time(19)),
        ("7 p.m.", time(19)),
        ("7p", time(19)),
        ("7am", time(7)),
        ("12am", time(0)),
        ("12:15 am", time(0, 15)),
        ("12pm", time(12)),
        ("12:30 pm", time(12, 30)),
        ("11:59 pm", time(23, 59)),
    ],
)
def test_times_people_type(typed: str, expected: time) -> None:
    assert parse_tip_time(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "8",  # am or pm?
        "19",
        "noon",
        "half past seven",
        "24:00",
        "25:00",
        "08:60",
        "7:5",
        "007:30",
        "13pm",
        "0am",
        "19:00 pm",
        "7m",
        "7:30 xm",
        "<b>7</b>",
        "7:30 am" + " " * 20,
        "07:30:00",
        "-7:30",
    ],
)
def test_what_is_not_a_time(typed: str) -> None:
    assert parse_tip_time(typed) is None


@pytest.mark.parametrize(
    ("zone", "twelve"),
    [
        ("America/New_York", True),
        ("America/Los_Angeles", True),
        ("America/Phoenix", True),
        ("America/Toronto", True),
        ("America/Puerto_Rico", True),
        ("Australia/Sydney", True),
        ("Pacific/Auckland", True),
        ("Asia/Kolkata", True),
        ("Asia/Calcutta", True),  # an older name of the same zone
        ("Asia/Manila", True),
        ("Asia/Riyadh", True),
        ("UTC", False),
        ("Europe/Berlin", False),
        ("Europe/London", False),
        ("Asia/Tokyo", False),
        ("America/Sao_Paulo", False),
        ("Mars/Olympus", False),
    ],
)
def test_which_zones_read_the_12_hour_clock(zone: str, twelve: bool) -> None:
    assert uses_12_hour_clock(zone) is twelve


@pytest.mark.parametrize(
    ("at", "new_york", "berlin"),
    [
        (time(0), "12:00 AM", "00:00"),
        (time(0, 5), "12:05 AM", "00:05"),
        (time(7, 30), "7:30 AM", "07:30"),
        (time(12), "12:00 PM", "12:00"),
        (time(19, 45), "7:45 PM", "19:45"),
        (time(23, 59), "11:59 PM", "23:59"),
    ],
)
def test_times_as_each_zone_reads_them(at: time, new_york: str, berlin: str) -> None:
    assert time_of_day(at, "America/New_York") == new_york
    assert time_of_day(at, "Europe/Berlin") == berlin
    assert parse_tip_time(new_york) == parse_tip_time(berlin) == at  # both read back
