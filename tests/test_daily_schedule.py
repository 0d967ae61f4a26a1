"""Delivery moments across zones and daylight-saving changes, and the missed-day rule."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from bot.core.schedule import delivery_instant, due_tip, next_delivery

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_eight_oclock_stays_eight_oclock_across_berlin_changes() -> None:
    assert delivery_instant(date(2026, 3, 28), time(8), BERLIN) == utc(2026, 3, 28, 7)
    assert delivery_instant(date(2026, 3, 29), time(8), BERLIN) == utc(2026, 3, 29, 6)
    assert delivery_instant(date(2026, 10, 24), time(8), BERLIN) == utc(2026, 10, 24, 6)
    assert delivery_instant(date(2026, 10, 25), time(8), BERLIN) == utc(2026, 10, 25, 7)


def test_missing_time_goes_out_at_the_first_valid_minute_after_the_gap() -> None:
    # 02:30 does not exist in Berlin on 29 March 2026; 03:00 CEST is 01:00 UTC.
    assert delivery_instant(date(2026, 3, 29), time(2, 30), BERLIN) == utc(2026, 3, 29, 1)


def test_repeated_time_goes_out_once_at_its_first_occurrence() -> None:
    first = delivery_instant(date(2026, 10, 25), time(2, 30), BERLIN)
    assert first == utc(2026, 10, 25, 0, 30)
    # After the first 02:30, the next delivery is the next day's, not the second 02:30.
    assert next_delivery(first, time(2, 30), BERLIN) == utc(2026, 10, 26, 1, 30)


def test_new_york_spring_forward() -> None:
    assert delivery_instant(date(2026, 3, 7), time(8), NEW_YORK) == utc(2026, 3, 7, 13)
    assert delivery_instant(date(2026, 3, 8), time(8), NEW_YORK) == utc(2026, 3, 8, 12)


def test_a_late_tip_is_still_due_on_its_own_local_day() -> None:
    scheduled = utc(2026, 3, 2, 7)  # 08:00 Berlin
    assert due_tip(scheduled, time(8), BERLIN, utc(2026, 3, 2, 20)) == (date(2026, 3, 2), scheduled)


def test_a_stale_tip_is_dropped_and_today_s_is_sent_if_its_time_came() -> None:
    scheduled = utc(2026, 3, 2, 7)
    # Back the next day before 08:00: nothing now; the next tip is today's 08:00.
    assert due_tip(scheduled, time(8), BERLIN, utc(2026, 3, 3, 5)) is None
    # Back the next day after 08:00: today's tip, not yesterday's.
    assert due_tip(scheduled, time(8), BERLIN, utc(2026, 3, 3, 9)) == (
        date(2026, 3, 3),
        utc(2026, 3, 3, 7),
    )
    # After three days away: only today's.
    assert due_tip(scheduled, time(8), BERLIN, utc(2026, 3, 5, 9)) == (
        date(2026, 3, 5),
        utc(2026, 3, 5, 7),
    )


def test_a_late_tip_keeps_its_date_past_midnight_within_the_grace() -> None:
    scheduled = utc(2026, 3, 2, 22, 59)  # 23:59 Berlin
    reached = utc(2026, 3, 2, 23, 0, 30)  # 00:00:30 on 3 March, Berlin
    assert due_tip(scheduled, time(23, 59), BERLIN, reached) == (date(2026, 3, 2), scheduled)
    # Six hours after its time it may still go; past that, only downtime explains it.
    assert due_tip(scheduled, time(23, 59), BERLIN, utc(2026, 3, 3, 4, 58)) is not None
    assert due_tip(scheduled, time(23, 59), BERLIN, utc(2026, 3, 3, 5)) is None
