"""Tips the team adds from Telegram or the shell, beside the content tips."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlite_utils import Database

from bot.clock import from_db, to_db
from bot.core.invariants import present

SLUG_PREFIX = "team-"
_SLUG = re.compile(r"^(?:team-)?([1-9][0-9]{0,17})$")


@dataclass(frozen=True, slots=True)
class AdminTip:
    id: int
    text: str
    author: str
    created_at: datetime
    removed_at: datetime | None

    @property
    def slug(self) -> str:
        """The id the rotation and callback data use; content slugs never start with "team-"."""
        return f"{SLUG_PREFIX}{self.id}"


def parse_tip_id(value: str) -> int | None:
    """Accept both `7` and `team-7`, as admins see both."""
    match = _SLUG.match(value.strip())
    return int(match.group(1)) if match else None


def _tip_from_row(row: dict[str, Any]) -> AdminTip:
    return AdminTip(
        id=row["id"],
        text=row["text"],
        author=row["author"],
        created_at=from_db(row["created_at"]),
        removed_at=from_db(row["removed_at"]) if row["removed_at"] else None,
    )


class AdminTipStore:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, text: str, author: str, now: datetime) -> AdminTip:
        cursor = self._db.execute(
            "INSERT INTO admin_tips (text, author, created_at) VALUES (?, ?, ?)",
            [text, author, to_db(now)],
        )
        return present(self.get(int(cursor.lastrowid or 0)), "the team tip just added")

    def get(self, tip_id: int) -> AdminTip | None:
        rows = list(self._db["admin_tips"].rows_where("id = ?", [tip_id]))
        return _tip_from_row(rows[0]) if rows else None

    def by_slug(self, slug: str) -> AdminTip | None:
        """An active tip by its rotation id, or None (removed, unknown or not a team tip)."""
        if not slug.startswith(SLUG_PREFIX):
            return None
        tip_id = parse_tip_id(slug)
        tip = self.get(tip_id) if tip_id is not None else None
        return tip if tip is not None and tip.removed_at is None else None

    def active(self) -> list[AdminTip]:
        rows = self._db["admin_tips"].rows_where("removed_at IS NULL", order_by="id")
        return [_tip_from_row(row) for row in rows]

    def remove(self, tip_id: int, by: str, now: datetime) -> bool:
        """Take a tip out of the rotation; False if there was no such active tip."""
        cursor = self._db.execute(
            "UPDATE admin_tips SET removed_at = ?, removed_by = ? "
            "WHERE id = ? AND removed_at IS NULL",
            [to_db(now), by, tip_id],
        )
        return cursor.rowcount == 1
