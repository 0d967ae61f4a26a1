"""The scheduled run: every due schedule (daily tip, morning check-in, bedtime reminder,
weekly summary) gets its message, once per local day and kind.

All kinds go through one run and one `BulkSender`, so they share one bulk budget at
Telegram's limits; a user found blocked is unsubscribed from every kind there. A paused
user found due is skipped and moved past the pause (see `bot.daily.schedules`).

Exactly-once, and what a crash costs. For each due schedule the run chooses the message,
then claims the day (a 'sending' row, UNIQUE per user, kind and local date) once the rate
limiter has granted the send its slot, immediately before the request is written
(`Bulk.before_send`, as broadcasts do, see `bot.admin.broadcasting`). Afterwards it marks
the day 'sent' and moves `next_due_at` to the next local day. So:

- a second run, an overlapping run or a restart finds the claim and sends nothing (a
  claim that fails means "already had today's");
- a tip that certainly did not go out (flood control, a 5xx, the network down, a
  blocked user) has its claim deleted at once, before any wait to retry (the next
  attempt claims again), and if it is still refused after the retries it stays due,
  so a later run sends it, the same local day;
- a tip whose request went out but whose answer never came (a read timeout) is
  recorded 'sent' without a message id and not resent: Telegram probably has it;
- if the process dies between the claim and the 'sent' write, the restart cannot
  know whether the tip went out. It treats the stale 'sending' claim as delivered and
  moves on: at most once, never twice. The window is where it does least harm: only
  a local commit and a socket write lie between the claim and the request leaving,
  against Telegram's whole round trip after it, so a user caught in it almost surely
  has the tip. At most the sender's concurrency can be caught. Claiming before the
  rate-limit wait, the simple order, would lose everyone still waiting for a slot;
- the records that follow a send (the day 'sent', the next message, the rotation) are
  written a batch at a time (`SETTLE_BATCH`), and at the end of the run and on
  shutdown. A crash loses at most one batch of them and nothing else: the claims stand,
  so those days count as delivered, and those schedules, found due again, are claimed
  elsewhere and moved on; only their rotation step is lost (a user may see the same tip
  twice in a round). A schedule the user changed while its record waited keeps the
  change (`Settled`);
- a message belongs to the local date it was scheduled for, however late it goes out, so
  one the bot itself reaches late (a late tick, a long run, a busy queue) still goes out,
  and one whose time came while the bot was down goes out on return if it is still
  within its kind's lateness window (`bot.daily.kinds`: a tip within its own local day or
  `schedule.LATE_GRACE`, a check-in until noon, a bedtime reminder within two hours);
  only downtime past that skips it (see `schedule.due_send`).

A user stored with a zone the bot no longer accepts (`EST`, see `bot.core.zones`) finds,
once, under their next tip, a word on it and buttons to pick a real zone.

On shutdown (`stop`) the run takes no new users and lets the sends in flight finish and
be recorded, so a SIGTERM costs nothing: the schedules not reached stay due for the next
start.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlite_utils import Database
from telegram import InlineKeyboardMarkup

from bot.admin.tips_store import AdminTipStore
from bot.clock import Clock, from_db, to_db
from bot.core import zones
from bot.core.rendering import Renderer
from bot.core.schedule import due_send
from bot.core.sending import BulkSender, Claim, ClaimedElsewhere, Outcome, finish_or_cancel
from bot.daily import keyboards as daily_keyboards
from bot.daily import texts
from bot.daily.kinds import DEADLINES, Kind
from bot.daily.rotation_store import NEW, Rotation, RotationStore
from bot.daily.schedules import ScheduleStore
from bot.daily.store import START, DeliveryStore, DueSend, Recipient, Settled
from bot.daily.tip_choice import Choice, choose_tip
from bot.daily.triggers_store import recent_triggers
from bot.daily.weekly import weekly_summary
from bot.knowledge.content import Catalogue, Item

log = logging.getLogger(__name__)

TRIGGER_WINDOW = timedelta(days=14)
PAGE_SIZE = 500
PREPARE_BATCH = 32
"""Due messages checked, timed and composed together, ahead of their sends. Done one
message at a time, between the sends, the same steps took twice the share of an unpaced
run (4% of it against 2%, bench/daily.py with the steps timed): each send's HTTP path
had pushed their code and data out of the CPU's caches. A message decided this way may
go out up to a batch's sending time after the moment it was decided for: seconds at
Telegram's pace, longer across a flood-control pause."""
SETTLE_BATCH = 32
"""Messages whose records (see the module notes) are written in one commit. A commit per
message, on top of each claim's own, cost a third of the unpaced send rate and made
the WAL checkpoints that much larger (bench/daily.py)."""

Rendered = dict[tuple[str, str, str | None], tuple[str, InlineKeyboardMarkup]]
"""Messages rendered in one run, by kind, tip id and the trigger that chose it."""


@dataclass(frozen=True, slots=True)
class TeamTip:
    """A tip the team added (/addtip): in the rotation as `team-<n>`, with no trigger tags."""

    id: str
    text: str
    tags: tuple[str, ...] = ()


def tip_pool(catalogue: Catalogue, team_tips: AdminTipStore) -> Sequence[Item | TeamTip]:
    """Every tip in the rotation: the one place new sources of tips join it."""
    return [*catalogue.tips, *(TeamTip(tip.slug, tip.text) for tip in team_tips.active())]


def bedtime_pool(catalogue: Catalogue) -> Sequence[Item]:
    """The tips tagged in content/ as making sense before sleep."""
    return [tip for tip in catalogue.tips if tip.bedtime]


@dataclass
class RunReport:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, what: str, kind: Kind = Kind.TIP) -> None:
        """The tip's figures read as they always have; other kinds name themselves."""
        key = what if kind is Kind.TIP else f"{kind.value} {what}"
        self.counts[key] = self.counts.get(key, 0) + 1

    def __str__(self) -> str:
        return ", ".join(f"{what} {n}" for what, n in sorted(self.counts.items())) or "nothing due"


@dataclass(frozen=True, slots=True, repr=False)
class Facts:
    """What one page of due messages is composed from, read for the whole page at once:
    a few reads a page instead of three a message, which were a tenth of the send's own
    work (bench/daily.py). A user who used /forget since is caught by the claim."""

    recipients: dict[int, Recipient]
    tip_rotations: dict[int, Rotation]
    bedtime_rotations: dict[int, Rotation]
    triggers: dict[int, list[str]]
    newest: dict[tuple[int, str], str]
    """`DeliveryStore.newest`, by user and kind."""

    def __repr__(self) -> str:
        """Short, for the log line of a failed send: the page's users are not its news."""
        return f"<facts of a page of {len(self.recipients)} users>"


@dataclass(frozen=True, slots=True)
class Composed:
    """One due schedule's message, and what to record once it is delivered."""

    text: str
    markup: InlineKeyboardMarkup | None
    item_id: str
    rotation: Rotation | None = None
    """The user's rotation of the message's kind once it is delivered."""
    zone_prompt: bool = False
    """It asks the user to replace an odd zone, which is asked once."""
    photo: bytes | None = None


@dataclass(frozen=True, slots=True)
class Prepared:
    """A due message, checked, timed and (but for a weekly summary) composed ahead of
    its send (`PREPARE_BATCH`)."""

    due: DueSend
    kind: Kind
    chat_id: int
    zone: ZoneInfo
    day: date
    scheduled: datetime
    following: datetime
    """The schedule's next message once this one is delivered."""
    composed: Composed | None
    """None for a weekly summary: its chart is drawn when its turn comes."""


@dataclass(frozen=True, slots=True)
class Pending:
    """A message sent, whose records wait for their batch (`SETTLE_BATCH`)."""

    record: Settled
    composed: Composed


class Scheduler:
    def __init__(
        self,
        db: Database,
        catalogue: Catalogue,
        clock: Clock,
        sender: BulkSender,
        schedules: ScheduleStore,
        renderer: Renderer,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self._db = db
        self._catalogue = catalogue
        self._clock = clock
        self._sender = sender
        self._schedules = schedules
        self._renderer = renderer
        self._deliveries = DeliveryStore(db)
        self._rotation = RotationStore(db)
        self._bedtime_rotation = RotationStore(db, bedtime=True)
        self._team_tips = AdminTipStore(db)
        self._page_size = page_size
        self._running = asyncio.Lock()
        self._stopping = False
        self._sends: asyncio.Future[None] | None = None
        self._report: RunReport | None = None
        self._settled: list[Pending] = []

    async def run(self) -> RunReport | None:
        """Deliver everything due; None if a run is already going (it picks up new ones)."""
        if self._running.locked() or self._stopping:
            return None
        async with self._running:
            report = self._report = RunReport()
            rendered: Rendered = {}
            pool = tip_pool(self._catalogue, self._team_tips)
            sends = self._sends = asyncio.ensure_future(
                self._sender.run(
                    self._due(pool, report, rendered),
                    lambda prepared: self._deliver(prepared, report),
                )
            )
            try:
                await sends
            except asyncio.CancelledError:
                current = asyncio.current_task()
                if not sends.cancelled() or (current is not None and current.cancelling()):
                    raise
            finally:
                self._record_settled()
            return report

    async def stop(self, grace: float) -> RunReport | None:
        """Start no new sends; wait up to `grace` seconds for those in flight.

        Returns the report of the run that was going, if any. Past the grace the sends
        are cancelled: their claims then count as sent (see the module notes).
        """
        self._stopping = True
        sends = self._sends
        if sends is None or sends.done():
            return None
        if not await finish_or_cancel(sends, grace):
            log.warning("scheduled sends still in flight after %.0fs were cut off", grace)
        self._record_settled()
        return self._report

    def still_due(self) -> int:
        """Scheduled messages due now, for the shutdown report: the next start sends them."""
        return self._deliveries.count_due(self._clock.now())

    async def _due(
        self, pool: Sequence[Item | TeamTip], report: RunReport, rendered: Rendered
    ) -> AsyncIterator[Prepared]:
        after = START
        while not self._stopping and (
            page := self._deliveries.due(self._clock.now(), after, self._page_size)
        ):
            facts = await self._facts(page)
            for start in range(0, len(page), PREPARE_BATCH):
                if self._stopping:
                    return
                now = self._clock.now()
                batch = [
                    prepared
                    for due in page[start : start + PREPARE_BATCH]
                    if (prepared := self._prepare(due, facts, now, pool, report, rendered))
                ]
                for prepared in batch:
                    if self._stopping:
                        return
                    yield prepared
            after = page[-1].position

    async def _facts(self, page: Sequence[DueSend]) -> Facts:
        """The page's reads, each in a turn of the loop of its own: one after another,
        with the page's selection, they held the loop for over 20 ms on a slow machine
        (bench/daily.py, unpaced)."""
        await asyncio.sleep(0)
        users = sorted({due.user_id for due in page})
        recipients = self._deliveries.recipients(users)
        await asyncio.sleep(0)
        tip_rotations = self._rotation.get_many(users)
        bedtime_rotations = self._bedtime_rotation.get_many(users)
        await asyncio.sleep(0)
        triggers = recent_triggers(self._db, users, self._clock.now() - TRIGGER_WINDOW)
        await asyncio.sleep(0)
        newest = self._deliveries.newest(page)
        await asyncio.sleep(0)
        return Facts(recipients, tip_rotations, bedtime_rotations, triggers, newest)

    def _render(
        self, kind: Kind, choice: Choice, rendered: Rendered
    ) -> tuple[str, InlineKeyboardMarkup]:
        """Thousands of users get one of a few messages: render each once per run."""
        key = (kind.value, choice.tip.id, choice.trigger)
        if key not in rendered:
            tip = choice.tip
            if isinstance(tip, TeamTip):
                text = texts.daily_team_tip(tip.text)
            elif isinstance(tip, Item) and kind is Kind.BEDTIME:
                text = texts.bedtime_tip(tip, self._catalogue)
            elif isinstance(tip, Item):
                text = texts.daily_tip(tip, self._catalogue, choice.trigger)
            else:
                raise TypeError(f"no way to render a tip of type {type(tip).__name__}")
            rendered[key] = (text, daily_keyboards.daily_tip(choice.tip.id))
        return rendered[key]

    def _compose(
        self,
        due: DueSend,
        facts: Facts,
        recipient: Recipient,
        kind: Kind,
        day: date,
        now: datetime,
        pool: Sequence[Item | TeamTip],
        rendered: Rendered,
    ) -> Composed | None:
        """The message of a due schedule; None when its kind has nothing to send (no tip
        in content/ is tagged for bedtime). A weekly summary is drawn at its send instead
        (`_deliver`)."""
        user_id = due.user_id
        if kind is Kind.CHECKIN:
            return Composed(texts.CHECKIN_QUESTION, daily_keyboards.checkin(day), "checkin")
        if kind is Kind.BEDTIME:
            bedtime = bedtime_pool(self._catalogue)
            if not bedtime:
                return None
            choice = choose_tip(bedtime, facts.bedtime_rotations.get(user_id, NEW), user_id)
            text, markup = self._render(kind, choice, rendered)
            return Composed(text, markup, choice.tip.id, choice.rotation)
        triggers = facts.triggers.get(user_id, ())
        choice = choose_tip(pool, facts.tip_rotations.get(user_id, NEW), user_id, triggers)
        text, markup = self._render(kind, choice, rendered)
        if zones.is_accepted(recipient.timezone) or not self._deliveries.zone_prompt_due(user_id):
            return Composed(text, markup, choice.tip.id, choice.rotation)
        choices = zones.suggestions(recipient.timezone, now) or zones.POPULAR
        return Composed(
            f"{text}\n\n{texts.zone_odd(recipient.timezone)}",
            daily_keyboards.daily_tip(choice.tip.id, choices),
            choice.tip.id,
            choice.rotation,
            zone_prompt=True,
        )

    def _paused(self, recipient: Recipient, now: datetime) -> bool:
        if recipient.paused_at is None:
            return False
        return recipient.paused_until is None or from_db(recipient.paused_until) > now

    def _prepare(
        self,
        due: DueSend,
        facts: Facts,
        now: datetime,
        pool: Sequence[Item | TeamTip],
        report: RunReport,
        rendered: Rendered,
    ) -> Prepared | None:
        """What a due schedule's message is, decided ahead of its send; None when it has
        none to send now, and its schedule has been moved on."""
        kind = Kind(due.kind)
        user_id = due.user_id
        recipient = facts.recipients.get(user_id)
        if recipient is None:
            report.add("forgotten meanwhile", kind)
            return None
        if self._paused(recipient, now):
            self._deliveries.move_next(user_id, kind, self._schedules.next_due(user_id, kind, now))
            report.add("paused, held", kind)
            return None
        zone = ZoneInfo(recipient.timezone)
        at = time.fromisoformat(due.local_time)
        newest = facts.newest.get((user_id, due.kind))
        found = due_send(from_db(due.next_due_at), at, zone, now, due.days, DEADLINES[kind])
        if found is None:
            self._deliveries.move_next(
                user_id,
                kind,
                self._deliveries.next_open(user_id, kind, now, at, zone, due.days, newest),
            )
            report.add("stale, moved to today", kind)
            return None
        day, scheduled = found
        following = self._deliveries.next_open(
            user_id, kind, max(now, scheduled), at, zone, due.days, newest
        )
        composed = None
        if kind is not Kind.WEEKLY:
            composed = self._compose(due, facts, recipient, kind, day, now, pool, rendered)
            if composed is None:
                self._deliveries.move_next(user_id, kind, following)
                report.add("nothing to send", kind)
                return None
        return Prepared(due, kind, recipient.chat_id, zone, day, scheduled, following, composed)

    async def _deliver(self, prepared: Prepared, report: RunReport) -> None:
        due, kind = prepared.due, prepared.kind
        user_id = due.user_id
        composed = prepared.composed
        if composed is None:
            summary = await weekly_summary(self._db, self._renderer, user_id, prepared.day)
            composed = Composed(summary.text, None, "weekly", photo=summary.chart)
        item_id = composed.item_id
        claim: Claim[int] = Claim(
            lambda: self._deliveries.claim(
                user_id,
                kind,
                prepared.day,
                prepared.scheduled,
                prepared.zone,
                item_id,
                self._clock.now(),
            ),
            self._deliveries.release,
        )
        try:
            result = await self._sender.send(
                user_id,
                prepared.chat_id,
                composed.text,
                composed.markup,
                claim=claim,
                silent=bool(due.silent),
                photo=composed.photo,
            )
        except ClaimedElsewhere:
            if not self._deliveries.recipients([user_id]):
                report.add("forgotten meanwhile", kind)
                return
            self._deliveries.move_next(user_id, kind, prepared.following)
            report.add("already had today's", kind)
            return
        report.add(result.outcome.value, kind)
        claim_id = claim.held
        if claim_id is None:
            return  # nothing went out; the schedule stays due
        if result.outcome in (Outcome.BLOCKED, Outcome.RETRY_LATER):
            claim.give_back()
            return
        record = Settled(
            claim_id,
            result.outcome in (Outcome.SENT, Outcome.UNCONFIRMED),
            to_db(self._clock.now()),
            result.message_id,
            user_id,
            due.kind,
            due.next_due_at,
            to_db(prepared.following),
        )
        self._settled.append(Pending(record, composed))
        if len(self._settled) >= SETTLE_BATCH:
            self._record_settled()

    def _record_settled(self) -> None:
        """Write the records of the messages sent since the last batch, in one commit."""
        settled, self._settled = self._settled, []
        if not settled:
            return
        tips: list[tuple[int, Rotation]] = []
        bedtimes: list[tuple[int, Rotation]] = []
        prompted: list[Settled] = []
        for pending in settled:
            record, composed = pending.record, pending.composed
            if not record.sent:
                continue
            if composed.rotation is not None:
                rotations = bedtimes if record.kind == Kind.BEDTIME else tips
                rotations.append((record.user_id, composed.rotation))
            if composed.zone_prompt:
                prompted.append(record)
        with self._db.atomic():
            self._deliveries.settle([pending.record for pending in settled])
            self._rotation.save_many(tips)
            self._bedtime_rotation.save_many(bedtimes)
            for record in prompted:
                self._deliveries.zone_prompted(record.user_id, from_db(record.sent_at))
