"""Which chats were given the admin command menu, so a start can take it back.

Telegram keeps a chat-scoped command menu until the bot deletes it; without this record,
an admin removed from ADMIN_IDS would keep the team's commands in their chat forever.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database


class AdminMenus:
    def __init__(self, db: Database) -> None:
        self._db = db

    def given(self, chat_id: int) -> None:
        self._db.execute("INSERT OR IGNORE INTO admin_menus (chat_id) VALUES (?)", [chat_id])

    def withdrawn(self, chat_id: int) -> None:
        self._db.execute("DELETE FROM admin_menus WHERE chat_id = ?", [chat_id])

    def held_by_others(self, admin_ids: Iterable[int]) -> list[int]:
        """Chats that still have the menu but are not admins now, oldest grant first."""
        admins = set(admin_ids)
        rows = self._db.execute("SELECT chat_id FROM admin_menus ORDER BY rowid").fetchall()
        return [chat_id for (chat_id,) in rows if chat_id not in admins]
