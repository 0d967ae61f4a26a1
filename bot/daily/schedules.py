"""Each user's schedules (tip, check-in, bedtime, weekly summary) and their pause.

One row per user and kind holds whether it is on, its local time, its days of the week,
whether it comes silently, and its next delivery in UTC (None while off or paused until
resumed). Every change recomputes the next delivery through `DeliveryStore.next_open`,
which skips local days that already had their message of the kind: so moving a time or
a zone never brings two of a kind on one local date, and never skips a day.

A pause holds every kind: the next deliveries move past its end (or to None, until the
user resumes), and the run skips a paused user it still finds due (see
`bot.daily.run`). Broadcasts skip paused users at send time (`is_paused`).

A kind that is off can still come once, on one local date (`once_on`, see `ask_once`):
its row then has a next delivery while `enabled` stays 0, rescheduled like any other
(a pause holds it, a new zone moves it) but only ever onto that date; the run clears
it once that date's message is sent or its window has passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from bot.clock import from_db, to_db
from bot.core.schedule import EVERY_DAY, scheduled_day
from bot.daily.kinds import DEFAULT_TIMES, WEEKLY_DEFAULT_DAY, Kind
from bot.daily.store import DeliveryStore

QUIET_FROM = time(22, 0)
QUIET_UNTIL = time(7, 0)


def quiet_hours(at: time) -> bool:
    """Between 22:00 and 07:00: a time set there comes silently unless the user says not."""
    return at >= QUIET_FROM or at < QUIET_UNTIL


@dataclass(frozen=True, slots=True)
class Schedule:
    kind: Kind
    enabled: bool
    local_time: time
    days: int
    silent: bool
    next_due_at: datetime | None
    once_on: date | None = None
    """While off: the one local date it still comes on (see `ScheduleStore.ask_once`)."""


@dataclass(frozen=True, slots=True)
class Pause:
    since: datetime
    until: datetime | None
    """None: until the user resumes."""


def default_schedule(kind: Kind, tip_time: time) -> Schedule:
    """What a kind looks like before the user first turns it on."""
    if kind is Kind.TIP:
        return Schedule(kind, False, tip_time, EVERY_DAY, False, None)
    days = 1 << WEEKLY_DEFAULT_DAY if kind is Kind.WEEKLY else EVERY_DAY
    return Schedule(kind, False, DEFAULT_TIMES[kind], days, False, None)


class ScheduleStore:
    def __init__(self, db: Database, deliveries: DeliveryStore, default_tip_time: time) -> None:
        self._db = db
        self._deliveries = deliveries
        self._default_tip_time = default_tip_time

    def get(self, user_id: int, kind: Kind) -> Schedule:
        row = self._db.execute(
            "SELECT enabled, local_time, days, silent, next_due_at, once_on FROM schedules "
            "WHERE user_id = ? AND kind = ?",
            [user_id, kind.value],
        ).fetchone()
        if row is None:
            return default_schedule(kind, self._default_tip_time)
        enabled, at, days, silent, next_at, once_on = row
        return Schedule(
            kind,
            bool(enabled),
            time.fromisoformat(at),
            days,
            bool(silent),
            from_db(next_at) if next_at else None,
            date.fromisoformat(once_on) if once_on and not enabled else None,
        )

    def all_of(self, user_id: int) -> dict[Kind, Schedule]:
        return {kind: self.get(user_id, kind) for kind in Kind}

    def pause_of(self, user_id: int, now: datetime) -> Pause | None:
        """The user's pause in force at `now`, if any."""
        row = self._db.execute(
            "SELECT paused_at, paused_until FROM users WHERE user_id = ?", [user_id]
        ).fetchone()
        if row is None or row[0] is None:
            return None
        until = from_db(row[1]) if row[1] else None
        if until is not None and until <= now:
            return None
        return Pause(from_db(row[0]), until)

    def update(
        self,
        user_id: int,
        kind: Kind,
        now: datetime,
        *,
        enabled: bool | None = None,
        local_time: time | None = None,
        days: int | None = None,
        silent: bool | None = None,
    ) -> Schedule:
        """Change what is given and reschedule; the user's row must exist.

        A time set in quiet hours turns silent delivery on, unless `silent` says otherwise.
        Turning a kind off also drops its one message (`ask_once`): off means none.
        """
        old = self.get(user_id, kind)
        if silent is None and local_time is not None and quiet_hours(local_time):
            silent = True
        new = Schedule(
            kind,
            old.enabled if enabled is None else enabled,
            old.local_time if local_time is None else local_time,
            old.days if days is None else days,
            old.silent if silent is None else silent,
            None,
        )
        with self._db.atomic():
            self._db.execute(
                "INSERT INTO schedules (user_id, kind, enabled, local_time, days, silent) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, kind) DO UPDATE SET "
                "enabled = excluded.enabled, local_time = excluded.local_time, "
                "days = excluded.days, silent = excluded.silent",
                [
                    user_id,
                    kind.value,
                    int(new.enabled),
                    new.local_time.strftime("%H:%M"),
                    new.days,
                    int(new.silent),
                ],
            )
            if enabled is False:
                self._db.execute(
                    "UPDATE schedules SET once_on = NULL WHERE user_id = ? AND kind = ?",
                    [user_id, kind.value],
                )
            self._reschedule(user_id, kind, now)
        return self.get(user_id, kind)

    def reschedule(self, user_id: int, now: datetime) -> None:
        """Every kind of the user afresh: after a change of zone, a pause or a resume."""
        with self._db.atomic():
            for kind in Kind:
                self._reschedule(user_id, kind, now)

    def next_due(self, user_id: int, kind: Kind, now: datetime) -> datetime | None:
        """When the kind's next message would come, given the zone and any pause.

        For a kind that is off, its one message (`once_on`) if that can still come.
        """
        schedule = self.get(user_id, kind)
        if not schedule.enabled and schedule.once_on is None:
            return None
        pause = self.pause_of(user_id, now)
        if pause is not None and pause.until is None:
            return None
        after = max(now, pause.until) if pause is not None and pause.until else now
        zone = self._zone(user_id)
        due = self._deliveries.next_open(
            user_id, kind, after, schedule.local_time, zone, schedule.days
        )
        if schedule.enabled or scheduled_day(due, schedule.local_time, zone) == schedule.once_on:
            return due
        return None

    def ask_once(self, user_id: int, kind: Kind, day: date, now: datetime) -> datetime | None:
        """The kind's message on local `day` at its time, even while it is off, which it
        stays; when it will come, or None if it cannot (a pause, the time already past).

        A user who has the kind on gets the usual one: nothing extra. The user's row must
        exist.
        """
        with self._db.atomic():
            schedule = self.get(user_id, kind)
            if not schedule.enabled:
                self._db.execute(
                    "INSERT INTO schedules (user_id, kind, enabled, local_time, days, once_on) "
                    "VALUES (?, ?, 0, ?, ?, ?) "
                    "ON CONFLICT (user_id, kind) DO UPDATE SET once_on = excluded.once_on",
                    [
                        user_id,
                        kind.value,
                        schedule.local_time.strftime("%H:%M"),
                        schedule.days,
                        day.isoformat(),
                    ],
                )
                self._reschedule(user_id, kind, now)
            due = self.get(user_id, kind).next_due_at
            if due is None or scheduled_day(due, schedule.local_time, self._zone(user_id)) != day:
                if not schedule.enabled:
                    self._db.execute(
                        "UPDATE schedules SET once_on = NULL, next_due_at = NULL "
                        "WHERE user_id = ? AND kind = ?",
                        [user_id, kind.value],
                    )
                return None
        return due

    def _reschedule(self, user_id: int, kind: Kind, now: datetime) -> None:
        due = self.next_due(user_id, kind, now)
        self._db.execute(
            "UPDATE schedules SET next_due_at = ? WHERE user_id = ? AND kind = ?",
            [to_db(due) if due else None, user_id, kind.value],
        )

    def _zone(self, user_id: int) -> ZoneInfo:
        row = self._db.execute("SELECT timezone FROM users WHERE user_id = ?", [user_id])
        return ZoneInfo(row.fetchone()[0])

    def pause(self, user_id: int, now: datetime, length: timedelta | None) -> Pause:
        """Hold every kind for `length` (None: until resumed); a new pause replaces one."""
        until = now + length if length is not None else None
        with self._db.atomic():
            self._db.execute(
                "UPDATE users SET paused_at = ?, paused_until = ? WHERE user_id = ?",
                [to_db(now), to_db(until) if until else None, user_id],
            )
            self.reschedule(user_id, now)
        return Pause(now, until)

    def resume(self, user_id: int, now: datetime) -> bool:
        """End the pause; False when there was none in force."""
        if self.pause_of(user_id, now) is None:
            return False
        with self._db.atomic():
            self._db.execute(
                "UPDATE users SET paused_at = NULL, paused_until = NULL WHERE user_id = ?",
                [user_id],
            )
            self.reschedule(user_id, now)
        return True

    def offer_once(self, user_id: int, kind: Kind, now: datetime) -> bool:
        """True the first time only: the check-in is offered once, after the first cramp.

        A user who has already turned the kind on is not offered it.
        """
        with self._db.atomic():
            row = self._db.execute(
                "SELECT enabled, offered_at FROM schedules WHERE user_id = ? AND kind = ?",
                [user_id, kind.value],
            ).fetchone()
            if row is not None and (row[0] or row[1]):
                return False
            schedule = self.get(user_id, kind)
            self._db.execute(
                "INSERT INTO schedules (user_id, kind, enabled, local_time, days, offered_at) "
                "VALUES (?, ?, 0, ?, ?, ?) "
                "ON CONFLICT (user_id, kind) DO UPDATE SET offered_at = excluded.offered_at",
                [
                    user_id,
                    kind.value,
                    schedule.local_time.strftime("%H:%M"),
                    schedule.days,
                    to_db(now),
                ],
            )
        return True


def is_paused(db: Database, user_id: int, now: datetime) -> bool:
    """For broadcasts, at send time: one indexed read, no store needed."""
    row = db.execute(
        "SELECT 1 FROM users WHERE user_id = ? AND paused_at IS NOT NULL "
        "AND (paused_until IS NULL OR paused_until > ?)",
        [user_id, to_db(now)],
    ).fetchone()
    return row is not None
