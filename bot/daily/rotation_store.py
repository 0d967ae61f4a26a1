"""Each user's place in the tip rotation: the round, and the tips seen in it."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database


@dataclass(frozen=True, slots=True)
class Rotation:
    round: int = 0
    seen: tuple[str, ...] = ()


class RotationStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, user_id: int) -> Rotation:
        row = self._db.execute(
            "SELECT round, seen FROM tip_rotation WHERE user_id = ?", [user_id]
        ).fetchone()
        return Rotation(row[0], tuple(json.loads(row[1]))) if row else Rotation()

    def save(self, user_id: int, rotation: Rotation) -> None:
        """A user who used /forget while their tip was on the wire has no row to keep."""
        self._db.execute(
            "INSERT INTO tip_rotation (user_id, round, seen) "
            "SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM users WHERE user_id = ?) "
            "ON CONFLICT (user_id) DO UPDATE SET round = excluded.round, seen = excluded.seen",
            [user_id, rotation.round, json.dumps(list(rotation.seen)), user_id],
        )
