"""Each user's place in the tip rotation: the round, and the tips seen in it."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class Rotation:
    round: int = 0
    seen: tuple[str, ...] = ()


TIP_SELECT = "SELECT round, seen FROM tip_rotation WHERE user_id = ?"
TIP_SAVE = (
    "INSERT INTO tip_rotation (user_id, round, seen) "
    "SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM users WHERE user_id = ?) "
    "ON CONFLICT (user_id) DO UPDATE SET round = excluded.round, seen = excluded.seen"
)
BEDTIME_SELECT = "SELECT round, seen FROM bedtime_rotation WHERE user_id = ?"
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

    def get(self, user_id: int) -> Rotation:
        if self._bedtime:
            row = self._db.execute(BEDTIME_SELECT, [user_id]).fetchone()
        else:
            row = self._db.execute(TIP_SELECT, [user_id]).fetchone()
        return Rotation(row[0], tuple(json.loads(row[1]))) if row else Rotation()

    def save(self, user_id: int, rotation: Rotation) -> None:
        """A user who used /forget while their tip was on the wire has no row to keep."""
        values = [user_id, rotation.round, json.dumps(list(rotation.seen)), user_id]
        if self._bedtime:
            self._db.execute(BEDTIME_SAVE, values)
        else:
            self._db.execute(TIP_SAVE, values)
