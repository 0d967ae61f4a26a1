"""The SQLite file: WAL, foreign keys, and upgrades from any earlier schema."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, time
from pathlib import Path

from sqlite_utils import Database

from bot.core.database import open_database, pending_migrations
from bot.core.migrations import MIGRATIONS
from bot.core.users import User, UserStore


def test_new_database_is_current_with_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "bot.sqlite3"
    db = open_database(path)
    assert path.exists()
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert pending_migrations(db) == []
    assert {"users", "cramp_entries"} <= set(db.table_names())


def test_every_earlier_version_upgrades_in_place(tmp_path: Path) -> None:
    names = [migration.name for migration in MIGRATIONS.pending(Database(memory=True))]
    for index, name in enumerate(names[1:], start=1):
        path = tmp_path / f"v{index}.sqlite3"
        old = Database(sqlite3.connect(path, isolation_level=None))
        MIGRATIONS.apply(old, stop_before=name)
        user = {
            "user_id": 7,
            "chat_id": 7,
            "first_seen": "2026-01-01T00:00:00Z",
            "subscribed": 1,
            "timezone": "UTC",
        }
        if "next_tip_at" in old["users"].columns_dict:
            old["users"].insert(
                {**user, "tip_time": "08:00", "next_tip_at": "2026-01-02T08:00:00Z"}
            )
        else:  # since m027 the tip's time and next delivery are its schedule's
            old["users"].insert(user)
            old["schedules"].insert(
                {
                    "user_id": 7,
                    "kind": "tip",
                    "enabled": 1,
                    "local_time": "08:00",
                    "next_due_at": "2026-01-02T08:00:00Z",
                }
            )
        old.conn.close()
        upgraded = open_database(path)
        assert pending_migrations(upgraded) == []
        assert UserStore(upgraded).get(7) == User(
            7,
            7,
            datetime(2026, 1, 1, tzinfo=UTC),
            True,
            "UTC",
            time(8),
            datetime(2026, 1, 2, 8, tzinfo=UTC),
            None,
        )


def test_user_store_round_trip(tmp_path: Path) -> None:
    db = open_database(tmp_path / "bot.sqlite3")
    users = UserStore(db)
    now = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
    user, new = users.ensure(5, 50, now, "Europe/Berlin", time(7, 30))
    assert new and not user.subscribed and user.tip_time == time(7, 30)
    users.subscribe(5)
    db.execute("UPDATE schedules SET enabled = 1, next_due_at = '2026-05-02T05:30:00Z'")
    again, new = users.ensure(5, 50, now, "UTC", time(9, 0))
    assert not new
    assert again.subscribed and again.timezone == "Europe/Berlin"
    assert again.next_tip_at == datetime(2026, 5, 2, 5, 30, tzinfo=UTC)
    users.mark_blocked(5, now)
    blocked = users.get(5)
    assert blocked is not None and blocked.blocked_at == now and not blocked.subscribed


def test_an_upgrade_drops_the_index_every_claim_wrote_and_only_pruning_read(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bot.sqlite3"
    old = Database(sqlite3.connect(path, isolation_level=None))
    MIGRATIONS.apply(old, stop_before="m031_drop_delivery_scheduled_at_index")
    assert "idx_deliveries_scheduled_at" in deliveries_indexes(old)
    old.conn.close()
    assert deliveries_indexes(open_database(path)) == {
        "idx_deliveries_user_kind_scheduled",  # a user's day, for the claim
        "sqlite_autoindex_deliveries_1",  # UNIQUE (user_id, kind, timezone, local_date)
    }


def deliveries_indexes(db: Database) -> set[str]:
    return {row[1] for row in db.execute("PRAGMA index_list(deliveries)")}
