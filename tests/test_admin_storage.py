"""The broadcast state machine and team tips, straight on a SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from sqlite_utils import Database

from bot.admin.broadcast_store import BroadcastStore, ConfirmResult, Counts
from bot.admin.tips_store import AdminTipStore, parse_tip_id
from bot.core.database import open_database
from bot.core.users import UserStore

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    db = open_database(tmp_path / "bot.sqlite3")
    users = UserStore(db)
    for user_id in (1, 2, 3, 4):
        users.ensure(user_id, user_id, NOW, "UTC", time(8))
        if user_id != 4:
            users.subscribe(user_id)
    users.mark_blocked(3, NOW)
    return db


def start(store: BroadcastStore, broadcast_id: int) -> None:
    """Start and list every recipient, as the runner does between its other work."""
    assert store.start(broadcast_id, NOW) is True
    while store.list_recipients(broadcast_id, NOW) is not None:
        pass


def test_start_lists_each_reachable_subscriber_once(db: Database) -> None:
    store = BroadcastStore(db)
    broadcast_id = store.queue("hi", "shell:ops", NOW)
    assert store.audience_size() == 2
    assert store.start(broadcast_id, NOW) is True
    assert store.start(broadcast_id, NOW) is False  # already running: no second snapshot
    assert store.get(broadcast_id).listed is False  # type: ignore[union-attr]
    assert store.list_recipients(broadcast_id, NOW) == 2
    assert store.list_recipients(broadcast_id, NOW) is None
    assert store.list_recipients(broadcast_id, NOW) is None  # listed once
    assert store.get(broadcast_id).listed is True  # type: ignore[union-attr]
    rows = list(db["broadcast_recipients"].rows)
    assert [(row["user_id"], row["status"]) for row in rows] == [(1, "pending"), (2, "pending")]
    assert store.get(broadcast_id).status == "running"  # type: ignore[union-attr]


def test_a_recipient_is_claimed_once_and_settled_once(db: Database) -> None:
    store = BroadcastStore(db)
    broadcast_id = store.queue("hi", "shell:ops", NOW)
    start(store, broadcast_id)
    assert store.claim(broadcast_id, 1, NOW) is True
    assert store.claim(broadcast_id, 1, NOW) is False
    assert [r.user_id for r in store.pending(broadcast_id, 0, 10)] == [2]
    store.settle(broadcast_id, 1, "sent", NOW, None)
    store.settle(broadcast_id, 1, "failed", NOW, "late answer")  # not 'sending' any more
    assert store.counts(broadcast_id) == Counts(total=2, sent=1)
    with pytest.raises(ValueError, match="unknown outcome"):
        store.settle(broadcast_id, 2, "maybe", NOW, None)


def test_recover_marks_interrupted_claims_without_resending(db: Database) -> None:
    store = BroadcastStore(db)
    broadcast_id = store.queue("hi", "shell:ops", NOW)
    start(store, broadcast_id)
    store.claim(broadcast_id, 1, NOW)
    assert store.recover(broadcast_id, NOW) == 1
    assert [r.user_id for r in store.pending(broadcast_id, 0, 10)] == [2]
    assert store.counts(broadcast_id) == Counts(total=2, unknown=1)
    assert store.counts(broadcast_id).remaining == 1


def test_released_claims_are_pending_again(db: Database) -> None:
    store = BroadcastStore(db)
    broadcast_id = store.queue("hi", "shell:ops", NOW)
    start(store, broadcast_id)
    store.claim(broadcast_id, 2, NOW)
    store.release(broadcast_id, 2)
    assert [r.user_id for r in store.pending(broadcast_id, 0, 10)] == [1, 2]


def test_confirm_moves_a_fresh_draft_once(db: Database) -> None:
    store = BroadcastStore(db)
    draft = store.create_draft("hi", "telegram:42", NOW)
    assert store.confirm(draft, NOW) is ConfirmResult.QUEUED
    assert store.confirm(draft, NOW) is ConfirmResult.NOT_PENDING
    assert store.cancel(draft, NOW) is False
    assert store.confirm(999, NOW) is ConfirmResult.NOT_PENDING


def test_forgetting_a_user_removes_their_recipient_rows(db: Database) -> None:
    store = BroadcastStore(db)
    broadcast_id = store.queue("hi", "shell:ops", NOW)
    start(store, broadcast_id)
    db.execute("DELETE FROM users WHERE user_id = 1")
    assert [r.user_id for r in store.pending(broadcast_id, 0, 10)] == [2]


def test_team_tips_have_team_slugs(db: Database) -> None:
    tips = AdminTipStore(db)
    tip = tips.add("Drink water", "shell:ops", NOW)
    assert tip.slug == "team-1"
    assert tips.by_slug("team-1") == tip
    assert tips.by_slug("1") is None and tips.by_slug("stretch") is None
    assert tips.remove(1, "shell:ops", NOW) is True
    assert tips.by_slug("team-1") is None and tips.active() == []
    assert [parse_tip_id(v) for v in ("3", "team-3", " team-12 ", "0", "team-", "x3")] == [
        3,
        3,
        12,
        None,
        None,
        None,
    ]
