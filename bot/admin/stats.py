"""The figures behind `/admin` and `python -m bot stats`: one function, two renderings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from bot.admin import texts
from bot.admin.broadcast_report import final_report
from bot.admin.broadcast_store import Broadcast, BroadcastStore
from bot.clock import to_db
from bot.core.database import snapshot


@dataclass(frozen=True, slots=True)
class AdminStats:
    subscribers: int
    active_7d: int
    blocked: int
    cramps_7d: int
    cramps_30d: int
    tips_today: int
    last_broadcast: Broadcast | None

    def figures(self) -> list[tuple[str, int]]:
        return texts.admin_stats_figures(
            self.subscribers,
            self.active_7d,
            self.blocked,
            self.cramps_7d,
            self.cramps_30d,
            self.tips_today,
        )


def _count(db: Database, sql: str, params: list[object]) -> int:
    return int(db.execute(sql, params).fetchone()[0])  # sql-from-callers


def collect_stats(db: Database, now: datetime) -> AdminStats:
    """Every figure from one snapshot; the bot runs it in a worker thread (`Reads`)."""
    week, month = to_db(now - timedelta(days=7)), to_db(now - timedelta(days=30))
    today = now.astimezone(UTC).date().isoformat()
    broadcasts = BroadcastStore(db)
    with snapshot(db):
        return _collect(db, broadcasts, week, month, today)


def _collect(
    db: Database, broadcasts: BroadcastStore, week: str, month: str, today: str
) -> AdminStats:
    return AdminStats(
        subscribers=broadcasts.audience_size(),
        active_7d=_count(db, "SELECT count(*) FROM users WHERE last_active_at >= ?", [week]),
        blocked=_count(db, "SELECT blocked FROM audience_counts", []),
        cramps_7d=_count(db, "SELECT count(*) FROM cramp_entries WHERE logged_at >= ?", [week]),
        cramps_30d=_count(db, "SELECT count(*) FROM cramp_entries WHERE logged_at >= ?", [month]),
        tips_today=_count(
            db,
            "SELECT coalesce(sum(sent), 0) FROM tips_sent_per_day WHERE day = ?",
            [today],
        ),
        last_broadcast=broadcasts.last_finished(),
    )


def render_stats(stats: AdminStats) -> str:
    last = final_report(stats.last_broadcast) if stats.last_broadcast else texts.NO_BROADCAST_YET
    return texts.admin_stats(stats.figures(), last)
