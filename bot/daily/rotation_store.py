"""Each user's place in the tip rotation: the round, and the tips seen in it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class Rotation:
    round: int = 0
    seen: tuple[str, ...] = ()


NEW = Rotation()
"""Where a user with no rotation stored yet stands."""

TIP_SELECT = (
    "SELECT user_id, round, seen FROM tip_rotation "
    "WHERE user_id IN (SELECT value FROM json_each(?))"
)
TIP_SAVE = (
    "INSERT INTO tip_rotation (user_id, round, seen) "
    "SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM users WHERE user_id = ?) "
    "ON CONFLICT (user_id) DO UPDATE SET round = excluded.round, seen = excluded.seen"
)
BEDTIME_SELECT = (
    "SELECT user_id, round, seen FROM bedtime_rotation "
    "WHERE user_id IN (SELECT value FROM json_each(?))"
)
BEDTIME_SAVE = (
    "INSERT INTO bedtime_rotation (user_id, round, seen) "
    "SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM users WHERE user_id = ?) "
    "ON CONFLICT (user_id) DO UPDATE SET round = excluded.round, seen = excluded.seen"
)


class RotationStore:
    """The daily tip's rotation, or (`bedtime`) the bedtime reminder's own over its
    smaller pool, so neither repeats within its round."""

    def __init__(self, db: Database, bedtime: bool = False) -> None:
        self._db = db
        self._bedtime = bedtime

    def get_many(self, user_ids: Sequence[int]) -> dict[int, Rotation]:
        """The rotations stored for these users; one missing has not started (`NEW`)."""
        users = [json.dumps(list(user_ids))]
        if self._bedtime:
            rows = self._db.execute(BEDTIME_SELECT, users).fetchall()
        else:
            rows = self._db.execute(TIP_SELECT, users).fetchall()
        return {user_id: Rotation(round, tuple(json.loads(seen))) for user_id, round, seen in rows}

    def save_many(self, rotations: Sequence[tuple[int, Rotation]]) -> None:
        """A user who used /forget while their tip was on the wire has no row to keep."""
        values = [
            (user_id, rotation.round, json.dumps(list(rotation.seen)), user_id)
            for user_id, rotation in rotations
        ]
        if self._bedtime:
            self._db.conn.executemany(BEDTIME_SAVE, values)
        else:
            self._db.conn.executemany(TIP_SAVE, values)
