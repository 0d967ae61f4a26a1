"""The schema's history, oldest first.

Never edit or reorder an applied migration: add a new one. sqlite-utils records each
applied name in `_sqlite_migrations`, so a database from any earlier version upgrades
in place on start.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATIONS = Migrations("leg_cramp_companion")


@MIGRATIONS()
def m001_users(db: Database) -> None:
    db.table("users").create(
        {
            "user_id": int,
            "chat_id": int,
            "first_seen": str,
            "subscribed": int,
            "timezone": str,
            "tip_time": str,
            "next_tip_at": str,
            "blocked_at": str,
        },
        pk="user_id",
        not_null={"chat_id", "first_seen", "subscribed", "timezone", "tip_time"},
        defaults={"subscribed": 0},
    )
    db.table("users").create_index(["next_tip_at"], index_name="idx_users_next_tip_at")


@MIGRATIONS()
def m002_cramp_entries(db: Database) -> None:
    """Per-user rows cascade on delete, so forgetting a user is one DELETE on `users`."""
    db.execute(
        """
        CREATE TABLE cramp_entries (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            logged_at TEXT NOT NULL,
            happened_at TEXT NOT NULL,
            local_date TEXT NOT NULL,
            when_kind TEXT NOT NULL DEFAULT 'now'
                CHECK (when_kind IN ('now', 'night', 'earlier')),
            muscle TEXT NOT NULL CHECK (muscle IN ('calf', 'foot', 'thigh', 'other')),
            side TEXT NOT NULL CHECK (side IN ('left', 'right', 'both')),
            severity INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 3),
            woke INTEGER CHECK (woke IN (0, 1)),
            trigger TEXT CHECK (trigger IN
                ('exercise', 'standing', 'sitting', 'dehydration', 'medication', 'other'))
        )
        """
    )
    db.table("cramp_entries").create_index(
        ["user_id", "happened_at"], index_name="idx_cramp_entries_user_time"
    )


@MIGRATIONS()
def m003_diary_flows_and_red_flags(db: Database) -> None:
    """Double taps and the weekly red-flag note.

    `flow_message_id` is the bot message a logging flow ran on: one entry per flow, so a
    second tap on the same severity button finds the first entry instead of adding one.
    """
    db.execute("ALTER TABLE cramp_entries ADD COLUMN flow_message_id INTEGER")
    db.execute(
        "CREATE UNIQUE INDEX idx_cramp_entries_flow ON cramp_entries (user_id, flow_message_id)"
    )
    db.table("cramp_entries").create_index(
        ["user_id", "local_date"], index_name="idx_cramp_entries_user_date"
    )
    db.execute(
        """
        CREATE TABLE diary_red_flags (
            user_id INTEGER PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
            last_sent_at TEXT NOT NULL
        )
        """
    )


@MIGRATIONS()
def m004_daily_deliveries(db: Database) -> None:
    """One row per user and local day is what makes a daily tip exactly-once.

    The UNIQUE key is the guard: a claim is inserted before the message is sent, so a
    second run, a restart or a second process cannot send that day's tip again.
    """
    db.execute(
        """
        CREATE TABLE deliveries (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            local_date TEXT NOT NULL,
            tip_id TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
            claimed_at TEXT NOT NULL,
            sent_at TEXT,
            message_id INTEGER,
            UNIQUE (user_id, local_date)
        )
        """
    )


@MIGRATIONS()
def m006_daily_tip_rotation(db: Database) -> None:
    """Which tips a user has seen in the current round, one small row per user."""
    db.execute(
        """
        CREATE TABLE tip_rotation (
            user_id INTEGER PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
            round INTEGER NOT NULL DEFAULT 0,
            seen TEXT NOT NULL DEFAULT '[]'
        )
        """
    )


@MIGRATIONS()
def m010_admin_tips(db: Database) -> None:
    """Team tips join the daily rotation as `team-<id>`; removal keeps the row for history."""
    db.execute(
        """
        CREATE TABLE admin_tips (
            id INTEGER PRIMARY KEY,
            text TEXT NOT NULL,
            author TEXT NOT NULL,
            created_at TEXT NOT NULL,
            removed_at TEXT,
            removed_by TEXT
        )
        """
    )


@MIGRATIONS()
def m011_admin_broadcasts(db: Database) -> None:
    """A broadcast and one row per recipient, so a restart resumes where it stopped.

    The primary key (broadcast_id, user_id) means a recipient can be listed only once,
    and the per-recipient status is claimed before each send (see `bot.admin.broadcasting`).
    """
    db.execute(
        """
        CREATE TABLE broadcasts (
            id INTEGER PRIMARY KEY,
            text_html TEXT NOT NULL,
            status TEXT NOT NULL
                CHECK (status IN ('draft', 'queued', 'running', 'done', 'cancelled')),
            created_by TEXT NOT NULL,
            created_at TEXT NOT NULL,
            queued_at TEXT,
            started_at TEXT,
            finished_at TEXT,
            status_chat_id INTEGER,
            status_message_id INTEGER,
            total INTEGER,
            sent INTEGER,
            blocked INTEGER,
            failed INTEGER,
            unknown INTEGER
        )
        """
    )
    db.table("broadcasts").create_index(["status", "id"], index_name="idx_broadcasts_status")
    db.execute(
        """
        CREATE TABLE broadcast_recipients (
            broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            chat_id INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sending', 'sent', 'blocked', 'failed', 'unknown')),
            updated_at TEXT,
            error TEXT,
            PRIMARY KEY (broadcast_id, user_id)
        )
        """
    )
    db.table("broadcast_recipients").create_index(
        ["broadcast_id", "status"], index_name="idx_broadcast_recipients_status"
    )


@MIGRATIONS()
def m012_admin_user_activity(db: Database) -> None:
    """When each user last wrote to the bot, for the "active in the last 7 days" figure."""
    db.execute("ALTER TABLE users ADD COLUMN last_active_at TEXT")
    db.table("users").create_index(["last_active_at"], index_name="idx_users_last_active_at")


@MIGRATIONS()
def m013_admin_deliveries_sent_index(db: Database) -> None:
    """`/admin` counts the daily tips sent today; without this it would scan every day."""
    db.table("deliveries").create_index(["sent_at"], index_name="idx_deliveries_sent_at")


@MIGRATIONS()
def m014_instance_lock(db: Database) -> None:
    """Which process runs the bot on this database: one row at most (see `instance_lock`)."""
    db.execute(
        """
        CREATE TABLE instance_lock (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            hostname TEXT NOT NULL,
            pid INTEGER NOT NULL,
            instance_id TEXT NOT NULL,
            started_at TEXT NOT NULL,
            heartbeat_at TEXT NOT NULL
        )
        """
    )


@MIGRATIONS()
def m015_open_messages_and_feedback(db: Database) -> None:
    """Which message of a user's still has live buttons, and the feedback they sent.

    `open_messages` holds at most one message per user and kind (a logging flow, a
    time-zone offer, a broadcast preview), so opening a new one can retire the old one's
    buttons. It has no foreign key: admins and users who never pressed Start have no
    `users` row; `UserStore.forget` clears it explicitly.

    `feedback` keeps only who sent feedback and when (the per-day limit), never the text;
    `feedback_copies` maps each admin's copy back to it, so an admin's reply reaches the
    sender.
    """
    db.execute(
        """
        CREATE TABLE open_messages (
            user_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            chat_id INTEGER NOT NULL,
            message_id INTEGER NOT NULL,
            PRIMARY KEY (user_id, kind)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE feedback (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            sent_at TEXT NOT NULL
        )
        """
    )
    db.table("feedback").create_index(["user_id", "sent_at"], index_name="idx_feedback_user_time")
    db.execute(
        """
        CREATE TABLE feedback_copies (
            admin_chat_id INTEGER NOT NULL,
            message_id INTEGER NOT NULL,
            feedback_id INTEGER NOT NULL REFERENCES feedback(id) ON DELETE CASCADE,
            PRIMARY KEY (admin_chat_id, message_id)
        )
        """
    )
    db.table("feedback_copies").create_index(
        ["feedback_id"], index_name="idx_feedback_copies_feedback"
    )


@MIGRATIONS()
def m016_backup_restore_point(db: Database) -> None:
    """Set only in a copy made by `python -m bot backup`: when its snapshot was taken.

    The first bot started on the copy reads it to skip the daily tips that the bot which
    ran on after the snapshot may have sent, then deletes it (see `bot.core.backup`).
    """
    db.execute(
        """
        CREATE TABLE restore_point (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            taken_at TEXT NOT NULL
        )
        """
    )


@MIGRATIONS()
def m017b_deliveries_scheduled_at(db: Database) -> None:
    """A delivery also records the instant it was scheduled for and the zone then in force.

    A local date alone cannot be compared across zones: after a change of zone, the days of
    the new zone that already had a tip are those on which a delivery's scheduled instant
    falls (see `DeliveryStore.claim`). The old UNIQUE (user_id, local_date) would refuse a
    day of the new zone that merely shares its date with a day of the old one, and SQLite
    cannot drop it, hence the rebuild. Old rows keep their claim time as the scheduled
    instant (it is on the same local date) and the user's present zone.
    """
    db.execute(
        """
        CREATE TABLE deliveries_new (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            local_date TEXT NOT NULL,
            tip_id TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
            claimed_at TEXT NOT NULL,
            sent_at TEXT,
            message_id INTEGER,
            scheduled_at TEXT NOT NULL,
            timezone TEXT NOT NULL,
            UNIQUE (user_id, timezone, local_date)
        )
        """
    )
    db.execute(
        """
        INSERT INTO deliveries_new (id, user_id, local_date, tip_id, status, claimed_at,
            sent_at, message_id, scheduled_at, timezone)
        SELECT d.id, d.user_id, d.local_date, d.tip_id, d.status, d.claimed_at, d.sent_at,
            d.message_id, d.claimed_at, u.timezone
        FROM deliveries d JOIN users u ON u.user_id = d.user_id
        """
    )
    db.execute("DROP TABLE deliveries")
    db.execute("ALTER TABLE deliveries_new RENAME TO deliveries")
    db.table("deliveries").create_index(["sent_at"], index_name="idx_deliveries_sent_at")
    db.table("deliveries").create_index(
        ["user_id", "scheduled_at"], index_name="idx_deliveries_user_scheduled"
    )


@MIGRATIONS()
def m018b_broadcast_forgotten_recipients(db: Database) -> None:
    """What a running broadcast did for recipients who used /forget meanwhile, without who.

    Their recipient rows go with them (the cascade from `users`), so a copy already sent,
    or on the wire at that moment, would drop out of the report. The trigger keeps a
    count per outcome instead ('sending' while the copy is on the wire: the runner turns
    it into the outcome, see `BroadcastStore.settle`); one not reached yet leaves the
    audience.
    """
    db.execute(
        """
        CREATE TABLE broadcast_forgotten (
            broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id) ON DELETE CASCADE,
            status TEXT NOT NULL
                CHECK (status IN ('sending', 'sent', 'blocked', 'failed', 'unknown')),
            count INTEGER NOT NULL CHECK (count >= 0),
            PRIMARY KEY (broadcast_id, status)
        )
        """
    )
    db.execute(
        """
        CREATE TRIGGER broadcast_recipient_forgotten
        AFTER DELETE ON broadcast_recipients
        WHEN OLD.status != 'pending'
            AND (SELECT status FROM broadcasts WHERE id = OLD.broadcast_id) = 'running'
        BEGIN
            INSERT INTO broadcast_forgotten (broadcast_id, status, count)
            VALUES (OLD.broadcast_id, OLD.status, 1)
            ON CONFLICT (broadcast_id, status) DO UPDATE SET count = count + 1;
        END
        """
    )


@MIGRATIONS()
def m019b_users_zone_prompted(db: Database) -> None:
    """When a user stored with a zone the bot no longer accepts (`EST`, `Factory`) was asked
    to pick a real one, with a daily tip: they are asked once (see `bot.core.zones`)."""
    db.execute("ALTER TABLE users ADD COLUMN zone_prompted_at TEXT")


@MIGRATIONS()
def m020a_cramp_entry_ids_never_reused(db: Database) -> None:
    """Entry ids ride in buttons, so an id freed by Undo or /forget must never come back.

    Without AUTOINCREMENT SQLite hands out the highest id plus one, so deleting the newest
    entry made its id (and every old button carrying it) point at the next entry logged.
    The table is rebuilt with AUTOINCREMENT, keeping every row and its id. The ids above
    today's highest that were used and freed left no trace, so the sequence starts
    1,000,000 past the highest id, beyond what any bot deletes at the top between
    upgrades; the buttons also check the flow message an entry was logged on (see
    `bot.diary.handlers`), which no reused id can match.
    """
    db.execute(
        """
        CREATE TABLE cramp_entries_new (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            logged_at TEXT NOT NULL,
            happened_at TEXT NOT NULL,
            local_date TEXT NOT NULL,
            when_kind TEXT NOT NULL DEFAULT 'now'
                CHECK (when_kind IN ('now', 'night', 'earlier')),
            muscle TEXT NOT NULL CHECK (muscle IN ('calf', 'foot', 'thigh', 'other')),
            side TEXT NOT NULL CHECK (side IN ('left', 'right', 'both')),
            severity INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 3),
            woke INTEGER CHECK (woke IN (0, 1)),
            trigger TEXT CHECK (trigger IN
                ('exercise', 'standing', 'sitting', 'dehydration', 'medication', 'other')),
            flow_message_id INTEGER
        )
        """
    )
    db.execute(
        """
        INSERT INTO cramp_entries_new (id, user_id, logged_at, happened_at, local_date,
            when_kind, muscle, side, severity, woke, trigger, flow_message_id)
        SELECT id, user_id, logged_at, happened_at, local_date,
            when_kind, muscle, side, severity, woke, trigger, flow_message_id
        FROM cramp_entries
        """
    )
    db.execute("DROP TABLE cramp_entries")
    db.execute("ALTER TABLE cramp_entries_new RENAME TO cramp_entries")
    db.execute("DELETE FROM sqlite_sequence WHERE name = 'cramp_entries'")
    db.execute(
        "INSERT INTO sqlite_sequence (name, seq) "
        "SELECT 'cramp_entries', coalesce(max(id), 0) + 1000000 FROM cramp_entries"
    )
    db.table("cramp_entries").create_index(
        ["user_id", "happened_at"], index_name="idx_cramp_entries_user_time"
    )
    db.execute(
        "CREATE UNIQUE INDEX idx_cramp_entries_flow ON cramp_entries (user_id, flow_message_id)"
    )
    db.table("cramp_entries").create_index(
        ["user_id", "local_date"], index_name="idx_cramp_entries_user_date"
    )


@MIGRATIONS()
def m021c_admin_menus(db: Database) -> None:
    """The chats that were given the admin command menu (see `bot.admin.menu_store`).

    Starts empty: a chat given the menu before this version is recorded at the next start
    if it is still an admin's; one removed from ADMIN_IDS earlier is not known.
    """
    db.execute("CREATE TABLE admin_menus (chat_id INTEGER PRIMARY KEY)")


@MIGRATIONS()
def m022c_handled_updates(db: Database) -> None:
    """The updates whose effect is recorded, so a replay is not applied twice
    (see `bot.core.replays`)."""
    db.execute(
        """
        CREATE TABLE handled_updates (
            update_id INTEGER PRIMARY KEY,
            handled_at INTEGER NOT NULL
        )
        """
    )
    db.table("handled_updates").create_index(
        ["handled_at"], index_name="idx_handled_updates_handled_at"
    )


@MIGRATIONS()
def m023_cramp_free_nights(db: Database) -> None:
    """The nights a user said were free of cramps (see `bot.diary.nights`).

    A night with neither an entry nor a row here is unknown, never counted as free.
    """
    db.execute(
        """
        CREATE TABLE cramp_free_nights (
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            night TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            PRIMARY KEY (user_id, night)
        ) WITHOUT ROWID
        """
    )


@MIGRATIONS()
def m024_pending_prompts(db: Database) -> None:
    """The one question per user waiting for a typed answer (see `bot.core.prompts`)."""
    db.execute(
        """
        CREATE TABLE pending_prompts (
            user_id INTEGER PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            message_id INTEGER NOT NULL,
            payload TEXT NOT NULL DEFAULT '',
            expires_at TEXT NOT NULL
        )
        """
    )
    db.table("pending_prompts").create_index(
        ["expires_at"], index_name="idx_pending_prompts_expires_at"
    )


@MIGRATIONS()
def m025_fuller_diary_entries(db: Database) -> None:
    """Fuller diary entries: two more days to log a cramp for, a time of day, how long it
    lasted, what the user did and whether it helped, a note, a typed name for "elsewhere",
    several triggers, and when the red-flag note was considered.

    `when_kind` gains values, so the table is rebuilt, every row and id kept; the id
    sequence (see `m020a_cramp_entry_ids_never_reused`) is carried over as it was, so no
    old button's id comes back. Each entry's one trigger moves to `entry_triggers`
    unchanged. `closed_at` is when the user tapped Done (or a minute after saving passed):
    existing entries had their red-flag check at saving, so it is their logging time.
    """
    db.execute(
        """
        CREATE TABLE cramp_entries_new (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            logged_at TEXT NOT NULL,
            happened_at TEXT NOT NULL,
            local_date TEXT NOT NULL,
            when_kind TEXT NOT NULL DEFAULT 'now'
                CHECK (when_kind IN ('now', 'night', 'earlier', 'yesterday', 'two-days-ago')),
            day_part TEXT CHECK (day_part IN ('night', 'morning', 'afternoon', 'evening')),
            muscle TEXT NOT NULL CHECK (muscle IN ('calf', 'foot', 'thigh', 'other')),
            side TEXT NOT NULL CHECK (side IN ('left', 'right', 'both')),
            place TEXT CHECK (length(place) BETWEEN 1 AND 40),
            severity INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 3),
            woke INTEGER CHECK (woke IN (0, 1)),
            duration TEXT CHECK (duration IN ('under-1', '1-5', '5-15', 'longer')),
            helped TEXT CHECK (helped IN ('a-lot', 'a-little', 'not-at-all')),
            note TEXT CHECK (length(note) BETWEEN 1 AND 500),
            flow_message_id INTEGER,
            closed_at TEXT
        )
        """
    )
    db.execute(
        """
        INSERT INTO cramp_entries_new (id, user_id, logged_at, happened_at, local_date,
            when_kind, muscle, side, severity, woke, flow_message_id, closed_at)
        SELECT id, user_id, logged_at, happened_at, local_date,
            when_kind, muscle, side, severity, woke, flow_message_id, logged_at
        FROM cramp_entries
        """
    )
    db.execute(
        "CREATE TEMP TABLE moved_triggers AS "
        "SELECT id AS entry_id, trigger FROM cramp_entries WHERE trigger IS NOT NULL"
    )
    (sequence,) = db.execute(
        "SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'cramp_entries'"
    ).fetchone()
    db.execute("DROP TABLE cramp_entries")
    db.execute("ALTER TABLE cramp_entries_new RENAME TO cramp_entries")
    db.execute("DELETE FROM sqlite_sequence WHERE name IN ('cramp_entries', 'cramp_entries_new')")
    db.execute(
        "INSERT INTO sqlite_sequence (name, seq) "
        "SELECT 'cramp_entries', max(?, coalesce(max(id), 0)) FROM cramp_entries",
        [sequence],
    )
    db.execute(
        """
        CREATE TABLE entry_triggers (
            entry_id INTEGER NOT NULL REFERENCES cramp_entries(id) ON DELETE CASCADE,
            trigger TEXT NOT NULL CHECK (trigger IN
                ('exercise', 'standing', 'sitting', 'dehydration', 'medication', 'other')),
            PRIMARY KEY (entry_id, trigger)
        ) WITHOUT ROWID
        """
    )
    db.execute("INSERT INTO entry_triggers SELECT entry_id, trigger FROM temp.moved_triggers")
    db.execute("DROP TABLE temp.moved_triggers")
    db.execute(
        """
        CREATE TABLE entry_tried (
            entry_id INTEGER NOT NULL REFERENCES cramp_entries(id) ON DELETE CASCADE,
            tried TEXT NOT NULL CHECK (tried IN
                ('stretched', 'walked', 'water', 'rested', 'other')),
            PRIMARY KEY (entry_id, tried)
        ) WITHOUT ROWID
        """
    )
    db.table("cramp_entries").create_index(
        ["user_id", "happened_at"], index_name="idx_cramp_entries_user_time"
    )
    db.execute(
        "CREATE UNIQUE INDEX idx_cramp_entries_flow ON cramp_entries (user_id, flow_message_id)"
    )
    db.table("cramp_entries").create_index(
        ["user_id", "local_date"], index_name="idx_cramp_entries_user_date"
    )
    db.execute(
        "CREATE INDEX idx_cramp_entries_open ON cramp_entries (logged_at) WHERE closed_at IS NULL"
    )


@MIGRATIONS()
def m026_counts_and_indexes_for_scale(db: Database) -> None:
    """What lets `/admin`, broadcast progress and the daily pruning stay small at 10^6 users.

    `audience_counts` (one row) and `broadcast_tally` (one row per broadcast and recipient
    status) are kept by triggers, so counting subscribers or a broadcast's progress reads a
    row instead of scanning a million. Recipients are listed in chunks
    (`BroadcastStore.list_recipients`), which add their own count to the tally, so a bulk
    insert pays no per-row trigger. `listed_through` is the last user id listed and
    `listed_at` when the list became complete: a running broadcast without it is still being
    listed, and a restart resumes there. Broadcasts already started were listed in one piece.
    The indexes serve the 7- and 30-day cramp counts and the pruning of old deliveries.
    """
    db.execute(
        """
        CREATE TABLE audience_counts (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            subscribers INTEGER NOT NULL,
            blocked INTEGER NOT NULL
        )
        """
    )
    db.execute(
        "INSERT INTO audience_counts (id, subscribers, blocked) SELECT 1, "
        "coalesce(sum(subscribed = 1 AND blocked_at IS NULL), 0), "
        "coalesce(sum(blocked_at IS NOT NULL), 0) FROM users"
    )
    db.execute(
        """
        CREATE TRIGGER audience_counts_insert AFTER INSERT ON users
        BEGIN
            UPDATE audience_counts
            SET subscribers = subscribers + (NEW.subscribed = 1 AND NEW.blocked_at IS NULL),
                blocked = blocked + (NEW.blocked_at IS NOT NULL) WHERE id = 1;
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER audience_counts_update AFTER UPDATE OF subscribed, blocked_at ON users
        BEGIN
            UPDATE audience_counts
            SET subscribers = subscribers + (NEW.subscribed = 1 AND NEW.blocked_at IS NULL)
                    - (OLD.subscribed = 1 AND OLD.blocked_at IS NULL),
                blocked = blocked + (NEW.blocked_at IS NOT NULL) - (OLD.blocked_at IS NOT NULL)
            WHERE id = 1;
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER audience_counts_delete AFTER DELETE ON users
        BEGIN
            UPDATE audience_counts
            SET subscribers = subscribers - (OLD.subscribed = 1 AND OLD.blocked_at IS NULL),
                blocked = blocked - (OLD.blocked_at IS NOT NULL) WHERE id = 1;
        END
        """
    )
    db.execute(
        """
        CREATE TABLE broadcast_tally (
            broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id) ON DELETE CASCADE,
            status TEXT NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (broadcast_id, status)
        ) WITHOUT ROWID
        """
    )
    db.execute(
        "INSERT INTO broadcast_tally (broadcast_id, status, count) "
        "SELECT broadcast_id, status, count(*) FROM broadcast_recipients GROUP BY 1, 2"
    )
    db.execute(
        """
        CREATE TRIGGER broadcast_tally_update AFTER UPDATE OF status ON broadcast_recipients
        WHEN OLD.status != NEW.status
        BEGIN
            UPDATE broadcast_tally SET count = count - 1
            WHERE broadcast_id = OLD.broadcast_id AND status = OLD.status;
            INSERT INTO broadcast_tally (broadcast_id, status, count)
            VALUES (NEW.broadcast_id, NEW.status, 1)
            ON CONFLICT (broadcast_id, status) DO UPDATE SET count = count + 1;
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER broadcast_tally_delete AFTER DELETE ON broadcast_recipients
        BEGIN
            UPDATE broadcast_tally SET count = count - 1
            WHERE broadcast_id = OLD.broadcast_id AND status = OLD.status;
        END
        """
    )
    db.execute(
        """
        CREATE TABLE tips_sent_per_day (
            day TEXT PRIMARY KEY,
            sent INTEGER NOT NULL
        ) WITHOUT ROWID
        """
    )
    db.execute(
        "INSERT INTO tips_sent_per_day (day, sent) SELECT substr(sent_at, 1, 10), count(*) "
        "FROM deliveries WHERE status = 'sent' GROUP BY 1"
    )
    db.execute(
        """
        CREATE TRIGGER tips_sent_per_day_update AFTER UPDATE OF status ON deliveries
        WHEN NEW.status = 'sent' AND OLD.status != 'sent'
        BEGIN
            INSERT INTO tips_sent_per_day (day, sent) VALUES (substr(NEW.sent_at, 1, 10), 1)
            ON CONFLICT (day) DO UPDATE SET sent = sent + 1;
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER tips_sent_per_day_insert AFTER INSERT ON deliveries
        WHEN NEW.status = 'sent'
        BEGIN
            INSERT INTO tips_sent_per_day (day, sent) VALUES (substr(NEW.sent_at, 1, 10), 1)
            ON CONFLICT (day) DO UPDATE SET sent = sent + 1;
        END
        """
    )
    db.execute("ALTER TABLE broadcasts ADD COLUMN listed_through INTEGER")
    db.execute("ALTER TABLE broadcasts ADD COLUMN listed_at TEXT")
    db.execute("UPDATE broadcasts SET listed_at = started_at WHERE status IN ('running', 'done')")
    db.table("cramp_entries").create_index(["logged_at"], index_name="idx_cramp_entries_logged_at")
    db.table("deliveries").create_index(["scheduled_at"], index_name="idx_deliveries_scheduled_at")


@MIGRATIONS()
def m027_schedules(db: Database) -> None:
    """One schedule per user and kind (see `bot.daily.schedules`), and deliveries per kind.

    Today's tip settings move from `users` into 'tip' schedules unchanged: the same time,
    every day, not silent, the same next tip; a user who was not subscribed gets a
    disabled one. `users` keeps the zone (shared by every kind) and gains the pause. The
    deliveries table is rebuilt with a kind, since a tip and a check-in share a local
    date and the old UNIQUE key cannot be changed in place; every row is a tip's.
    """
    db.execute(
        """
        CREATE TABLE schedules (
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('tip', 'checkin', 'bedtime', 'weekly')),
            enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
            local_time TEXT NOT NULL,
            days INTEGER NOT NULL DEFAULT 127 CHECK (days BETWEEN 1 AND 127),
            silent INTEGER NOT NULL DEFAULT 0 CHECK (silent IN (0, 1)),
            next_due_at TEXT,
            offered_at TEXT,
            PRIMARY KEY (user_id, kind)
        )
        """
    )
    # Covering: the minute's due selection reads the index alone (see `DeliveryStore.due`).
    db.execute(
        "CREATE INDEX idx_schedules_due "
        "ON schedules (next_due_at, kind, user_id, local_time, days, silent) "
        "WHERE next_due_at IS NOT NULL"
    )
    db.execute(
        """
        INSERT INTO schedules (user_id, kind, enabled, local_time, next_due_at)
        SELECT user_id, 'tip', subscribed, tip_time,
            CASE WHEN subscribed = 1 THEN next_tip_at END
        FROM users
        """
    )
    db.execute("DROP INDEX idx_users_next_tip_at")
    db.execute("ALTER TABLE users DROP COLUMN next_tip_at")
    db.execute("ALTER TABLE users DROP COLUMN tip_time")
    db.execute("ALTER TABLE users ADD COLUMN paused_at TEXT")
    db.execute("ALTER TABLE users ADD COLUMN paused_until TEXT")
    db.execute(
        """
        CREATE TABLE deliveries_new (
            id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            kind TEXT NOT NULL DEFAULT 'tip'
                CHECK (kind IN ('tip', 'checkin', 'bedtime', 'weekly')),
            local_date TEXT NOT NULL,
            tip_id TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('sending', 'sent', 'failed')),
            claimed_at TEXT NOT NULL,
            sent_at TEXT,
            message_id INTEGER,
            scheduled_at TEXT NOT NULL,
            timezone TEXT NOT NULL,
            UNIQUE (user_id, kind, timezone, local_date)
        )
        """
    )
    db.execute(
        """
        INSERT INTO deliveries_new (id, user_id, kind, local_date, tip_id, status, claimed_at,
            sent_at, message_id, scheduled_at, timezone)
        SELECT id, user_id, 'tip', local_date, tip_id, status, claimed_at, sent_at,
            message_id, scheduled_at, timezone
        FROM deliveries
        """
    )
    db.execute("DROP TABLE deliveries")
    db.execute("ALTER TABLE deliveries_new RENAME TO deliveries")
    db.table("deliveries").create_index(["sent_at"], index_name="idx_deliveries_sent_at")
    db.table("deliveries").create_index(["scheduled_at"], index_name="idx_deliveries_scheduled_at")
    db.table("deliveries").create_index(
        ["user_id", "kind", "scheduled_at"], index_name="idx_deliveries_user_kind_scheduled"
    )
    # m026's per-day count of tips sent went with the old table: back, for tips only.
    db.execute(
        """
        CREATE TRIGGER tips_sent_per_day_update AFTER UPDATE OF status ON deliveries
        WHEN NEW.status = 'sent' AND OLD.status != 'sent' AND NEW.kind = 'tip'
        BEGIN
            INSERT INTO tips_sent_per_day (day, sent) VALUES (substr(NEW.sent_at, 1, 10), 1)
            ON CONFLICT (day) DO UPDATE SET sent = sent + 1;
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER tips_sent_per_day_insert AFTER INSERT ON deliveries
        WHEN NEW.status = 'sent' AND NEW.kind = 'tip'
        BEGIN
            INSERT INTO tips_sent_per_day (day, sent) VALUES (substr(NEW.sent_at, 1, 10), 1)
            ON CONFLICT (day) DO UPDATE SET sent = sent + 1;
        END
        """
    )
    db.execute(
        """
        CREATE TABLE bedtime_rotation (
            user_id INTEGER PRIMARY KEY REFERENCES users(user_id) ON DELETE CASCADE,
            round INTEGER NOT NULL DEFAULT 0,
            seen TEXT NOT NULL DEFAULT '[]'
        )
        """
    )
    db.execute(
        """
        CREATE TABLE checkin_answers (
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            night TEXT NOT NULL,
            answer TEXT NOT NULL CHECK (answer IN ('none', 'yes')),
            answered_at TEXT NOT NULL,
            PRIMARY KEY (user_id, night)
        ) WITHOUT ROWID
        """
    )


@MIGRATIONS()
def m028_broadcast_paused(db: Database) -> None:
    """A recipient who paused everything (`/pause`) is skipped when their turn comes and
    counted as 'paused' in the report. The status CHECK cannot change in place, hence the
    rebuild; the triggers on it go with the old table: m018b's comes back unchanged but
    for paused recipients, who had nothing on the wire, and m026's tally ones unchanged."""
    db.execute(
        """
        CREATE TABLE broadcast_recipients_new (
            broadcast_id INTEGER NOT NULL REFERENCES broadcasts(id) ON DELETE CASCADE,
            user_id INTEGER NOT NULL REFERENCES users(user_id) ON DELETE CASCADE,
            chat_id INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN
                    ('pending', 'sending', 'sent', 'blocked', 'failed', 'unknown', 'paused')),
            updated_at TEXT,
            error TEXT,
            PRIMARY KEY (broadcast_id, user_id)
        )
        """
    )
    db.execute("INSERT INTO broadcast_recipients_new SELECT * FROM broadcast_recipients")
    db.execute("DROP TABLE broadcast_recipients")
    db.execute("ALTER TABLE broadcast_recipients_new RENAME TO broadcast_recipients")
    db.table("broadcast_recipients").create_index(
        ["broadcast_id", "status"], index_name="idx_broadcast_recipients_status"
    )
    db.execute(
        """
        CREATE TRIGGER broadcast_recipient_forgotten
        AFTER DELETE ON broadcast_recipients
        WHEN OLD.status NOT IN ('pending', 'paused')
            AND (SELECT status FROM broadcasts WHERE id = OLD.broadcast_id) = 'running'
        BEGIN
            INSERT INTO broadcast_forgotten (broadcast_id, status, count)
            VALUES (OLD.broadcast_id, OLD.status, 1)
            ON CONFLICT (broadcast_id, status) DO UPDATE SET count = count + 1;
        END
        """
    )
    # m026's tally triggers went with the old table: back unchanged.
    db.execute(
        """
        CREATE TRIGGER broadcast_tally_update AFTER UPDATE OF status ON broadcast_recipients
        WHEN OLD.status != NEW.status
        BEGIN
            UPDATE broadcast_tally SET count = count - 1
            WHERE broadcast_id = OLD.broadcast_id AND status = OLD.status;
            INSERT INTO broadcast_tally (broadcast_id, status, count)
            VALUES (NEW.broadcast_id, NEW.status, 1)
            ON CONFLICT (broadcast_id, status) DO UPDATE SET count = count + 1;
        END
        """
    )
    db.execute(
        """
        CREATE TRIGGER broadcast_tally_delete AFTER DELETE ON broadcast_recipients
        BEGIN
            UPDATE broadcast_tally SET count = count - 1
            WHERE broadcast_id = OLD.broadcast_id AND status = OLD.status;
        END
        """
    )
    db.execute("ALTER TABLE broadcasts ADD COLUMN paused INTEGER")


@MIGRATIONS()
def m029_schedule_once_on(db: Database) -> None:
    """A kind that is off can still come once: "no cramps tonight" asks the next morning
    (see `ScheduleStore.ask_once`). The local date of that one message; NULL for none."""
    db.execute("ALTER TABLE schedules ADD COLUMN once_on TEXT")


@MIGRATIONS()
def m030_drop_delivery_sent_at_index(db: Database) -> None:
    """Nothing reads deliveries by `sent_at` since the day's count is kept by a trigger
    (m026), and every claim and every 'sent' mark wrote to the index: a daily run of
    thousands of messages wrote it thousands of times for nothing."""
    db.execute("DROP INDEX IF EXISTS idx_deliveries_sent_at")


@MIGRATIONS()
def m031_drop_delivery_scheduled_at_index(db: Database) -> None:
    """Only the daily pruning read deliveries by `scheduled_at` alone, and it now goes by
    id, the order of the claims (see `bot.core.retention`), while every claim, one commit
    for each daily message, wrote to the index: one more page in the WAL each time. A
    user's day is still found through `idx_deliveries_user_kind_scheduled`."""
    db.execute("DROP INDEX IF EXISTS idx_deliveries_scheduled_at")
