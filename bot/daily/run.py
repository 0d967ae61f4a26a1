"""The daily tip run: every due subscriber gets the right tip, once per local day.

Exactly-once, and what a crash costs. For each due user the run chooses the tip, then
claims the day (a 'sending' row, UNIQUE per user and local date) once the rate
limiter has granted the send its slot, immediately before the request is written
(`Bulk.before_send`, as broadcasts do, see `bot.admin.broadcasting`). Afterwards, in one
transaction, it marks the day 'sent' and moves `next_tip_at` to the next local day. So:

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
- a tip belongs to the local date it was scheduled for, however late it goes out, so a
  tip the bot itself reaches late (a late tick, a long run, a busy queue) still goes out,
  and one whose time came while the bot was down goes out on return if that is still its
  own local day or within `schedule.LATE_GRACE` of its time; only downtime past that
  skips it (see `schedule.due_tip`).

A user stored with a zone the bot no longer accepts (`EST`, see `bot.core.zones`) finds,
once, under their next tip, a word on it and buttons to pick a real zone.

On shutdown (`stop`) the run takes no new users and lets the sends in flight finish and
be recorded, so a SIGTERM costs nothing: the users not reached stay due for the next start.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import time, timedelta
from zoneinfo import ZoneInfo

from sqlite_utils import Database
from telegram import InlineKeyboardMarkup

from bot.admin.tips_store import AdminTipStore
from bot.clock import Clock, from_db
from bot.core import zones
from bot.core.schedule import due_tip
from bot.core.sending import BulkSender, Claim, ClaimedElsewhere, Outcome, finish_or_cancel
from bot.daily import keyboards as daily_keyboards
from bot.daily import texts
from bot.daily.rotation_store import RotationStore
from bot.daily.store import START, DeliveryStore, DueUser
from bot.daily.tip_choice import Choice, choose_tip
from bot.daily.triggers_store import recent_triggers
from bot.knowledge.content import Catalogue, Item

log = logging.getLogger(__name__)

TRIGGER_WINDOW = timedelta(days=14)
PAGE_SIZE = 500

Rendered = dict[tuple[str, str | None], tuple[str, InlineKeyboardMarkup]]
"""Messages rendered in one run, by tip id and the trigger that chose it."""


@dataclass(frozen=True, slots=True)
class TeamTip:
    """A tip the team added (/addtip): in the rotation as `team-<n>`, with no trigger tags."""

    id: str
    text: str
    tags: tuple[str, ...] = ()


def tip_pool(catalogue: Catalogue, team_tips: AdminTipStore) -> Sequence[Item | TeamTip]:
    """Every tip in the rotation: the one place new sources of tips join it."""
    return [*catalogue.tips, *(TeamTip(tip.slug, tip.text) for tip in team_tips.active())]


@dataclass
class RunReport:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    def __str__(self) -> str:
        return ", ".join(f"{what} {n}" for what, n in sorted(self.counts.items())) or "nothing due"


class DailyTips:
    def __init__(
        self,
        db: Database,
        catalogue: Catalogue,
        clock: Clock,
        sender: BulkSender,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self._db = db
        self._catalogue = catalogue
        self._clock = clock
        self._sender = sender
        self._deliveries = DeliveryStore(db)
        self._rotation = RotationStore(db)
        self._team_tips = AdminTipStore(db)
        self._page_size = page_size
        self._running = asyncio.Lock()
        self._stopping = False
        self._sends: asyncio.Future[None] | None = None
        self._report: RunReport | None = None

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
                    self._due(), lambda user: self._deliver(user, pool, report, rendered)
                )
            )
            try:
                await sends
            except asyncio.CancelledError:
                current = asyncio.current_task()
                if not sends.cancelled() or (current is not None and current.cancelling()):
                    raise
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
            log.warning("daily tips: sends still in flight after %.0fs were cut off", grace)
        return self._report

    def still_due(self) -> int:
        """Subscribers due now, for the shutdown report: the next start sends them."""
        return self._deliveries.count_due(self._clock.now())

    async def _due(self) -> AsyncIterator[DueUser]:
        after = START
        while not self._stopping and (
            page := self._deliveries.due(self._clock.now(), after, self._page_size)
        ):
            for user in page:
                if self._stopping:
                    return
                yield user
            after = page[-1].position

    def _render(self, choice: Choice, rendered: Rendered) -> tuple[str, InlineKeyboardMarkup]:
        """Thousands of users get one of a few messages: render each once per run."""
        key = (choice.tip.id, choice.trigger)
        if key not in rendered:
            tip = choice.tip
            if isinstance(tip, TeamTip):
                text = texts.daily_team_tip(tip.text)
            elif isinstance(tip, Item):
                text = texts.daily_tip(tip, self._catalogue, choice.trigger)
            else:
                raise TypeError(f"no way to render a tip of type {type(tip).__name__}")
            rendered[key] = (text, daily_keyboards.daily_tip(choice.tip.id))
        return rendered[key]

    async def _deliver(
        self,
        user: DueUser,
        pool: Sequence[Item | TeamTip],
        report: RunReport,
        rendered: Rendered,
    ) -> None:
        now = self._clock.now()
        zone = ZoneInfo(user.timezone)
        at = time.fromisoformat(user.tip_time)
        due = due_tip(from_db(user.next_tip_at), at, zone, now)
        if due is None:
            self._deliveries.move_next(
                user.user_id, self._deliveries.next_open(user.user_id, now, at, zone)
            )
            report.add("stale, moved to today")
            return
        day, scheduled = due
        following = self._deliveries.next_open(user.user_id, max(now, scheduled), at, zone)
        triggers = recent_triggers(self._db, user.user_id, now - TRIGGER_WINDOW)
        choice = choose_tip(pool, self._rotation.get(user.user_id), user.user_id, triggers)
        claim: Claim[int] = Claim(
            lambda: self._deliveries.claim(
                user.user_id, day, scheduled, zone, choice.tip.id, self._clock.now()
            ),
            self._deliveries.release,
        )
        text, markup = self._render(choice, rendered)
        ask_zone = not zones.is_accepted(user.timezone) and self._deliveries.zone_prompt_due(
            user.user_id
        )
        if ask_zone:
            text = f"{text}\n\n{texts.zone_odd(user.timezone)}"
            choices = zones.suggestions(user.timezone, now) or zones.POPULAR
            markup = daily_keyboards.daily_tip(choice.tip.id, choices)
        try:
            result = await self._sender.send(
                user.user_id,
                user.chat_id,
                text,
                markup,
                claim=claim,
            )
        except ClaimedElsewhere:
            self._deliveries.move_next(user.user_id, following)
            report.add("already had today's")
            return
        report.add(result.outcome.value)
        claim_id = claim.held
        if claim_id is None:
            return  # nothing went out; the user stays due
        if result.outcome in (Outcome.BLOCKED, Outcome.RETRY_LATER):
            claim.give_back()
            return
        delivered = result.outcome in (Outcome.SENT, Outcome.UNCONFIRMED)
        with self._db.atomic():
            self._deliveries.settle(claim_id, self._clock.now(), delivered, result.message_id)
            self._deliveries.move_next(user.user_id, following)
            if delivered:
                self._rotation.save(user.user_id, choice.rotation)
                if ask_zone:
                    self._deliveries.zone_prompted(user.user_id, now)
