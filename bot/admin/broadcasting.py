"""Broadcasts run in the background, one at a time, and resume after a restart.

They go out through the shared bulk-sending path (`bot.core.sending`), under the same rate
limits as the daily tip, and a user found blocked is unsubscribed there. A recipient who
has paused everything (`/pause`) is skipped when their turn comes and counted as paused.

Exactly once, as near as Telegram allows. Telegram has no idempotency key, so after a
crash nobody can tell whether a request that was on the wire was delivered. Each
recipient therefore moves pending -> sending -> sent | blocked | failed, and:

- the claim ('sending', committed) is taken once the rate limiter has granted the send
  its slot, immediately before the request is written (`Bulk.before_send`), and the
  outcome is written as soon as Telegram answers. Only one claim per recipient can
  succeed, so nothing is sent twice by a double confirm, a second runner or a restart;
- a recipient found 'sending' after a crash is never resent (at most once) and is
  reported as "interrupted". This is the right way round because of where the window
  lies: between the claim and the request going out there is only a local commit and
  a socket write (well under a millisecond), while between the request going out and
  the answer being recorded lies Telegram's whole round trip. A recipient caught in
  the window almost surely has the message, and resending would duplicate it. At most
  the sender's `concurrency` recipients can be caught, and as the limiter spaces sends
  out, a kill -9 catches none or one; the report counts them;
- claiming before waiting for the slot, the simple order, would widen the window to
  the whole wait (up to `concurrency` / 30 s) and turn it the wrong way: most caught
  recipients would not have the message, and at most once would lose them;
- when Telegram certainly did not deliver (a 429, a 5xx, the network down), the
  claim is released at once, before any wait to retry, and the next attempt claims
  again; so a crash during a retry wait costs nothing, and what is still refused
  after the retries is left pending for a later pass;
- when the request went out but no answer came back (a read timeout), the recipient
  is settled 'unknown' ("no answer from Telegram") and not resent, for the same
  reason as an interrupted one; the report counts both as unconfirmed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import datetime, timedelta

from telegram import Bot
from telegram.error import TelegramError

from bot.admin import broadcast_report, paid
from bot.admin.broadcast_store import Broadcast, BroadcastStore, Recipient
from bot.clock import Clock, Sleep
from bot.core.sending import BulkSender, Claim, ClaimedElsewhere, Outcome, finish_or_cancel

log = logging.getLogger(__name__)

PROGRESS_EVERY = timedelta(seconds=3)
PAGE_SIZE = 500
MAX_PASSES = 3
PASS_BACKOFF_SECONDS = 30.0
_RECIPIENT_STATUS = {Outcome.UNCONFIRMED: "unknown"}
"""Where a recipient's status is not the send outcome's own name."""


class BroadcastRunner:
    def __init__(
        self,
        store: BroadcastStore,
        sender: BulkSender,
        bot: Bot,
        clock: Clock,
        sleep: Sleep,
        room: Callable[[], Awaitable[None]],
        paused: Callable[[int, datetime], bool],
        *,
        paid: bool = False,
    ) -> None:
        """`room` is awaited between listing chunks (`Checkpoints.room`); `paused(user_id,
        now)` says whether a recipient is to be skipped, at send time; `paid`: send
        broadcasts as paid ones when the bot's Stars cover them."""
        self._paid = paid
        self._store = store
        self._room = room
        self._paused = paused
        self._sender = sender
        self._bot = bot
        self._clock = clock
        self._sleep = sleep
        self._task: asyncio.Task[None] | None = None
        self._stopping = False

    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    def poll(self) -> bool:
        """Start the next broadcast (an interrupted one first) unless one is running."""
        if self.busy or self._stopping or self._store.next_to_run() is None:
            return False
        self._task = asyncio.create_task(self._run_all(), name="broadcasts")
        return True

    async def wait(self) -> None:
        if self._task is not None:
            await self._task

    async def stop(self, grace: float) -> None:
        """Finish the sends on the wire, take no new ones; what is left resumes on restart."""
        self._stopping = True
        if self._task is None or self._task.done():
            return
        if not await finish_or_cancel(self._task, grace):
            log.warning("broadcast stopped mid-send; it resumes on the next start")

    async def _run_all(self) -> None:
        while not self._stopping and (broadcast := self._store.next_to_run()) is not None:
            try:
                await self._run(broadcast)
            except Exception:
                log.exception("broadcast #%s failed; the next check resumes it", broadcast.id)
                return

    async def _run(self, broadcast: Broadcast) -> None:
        now = self._clock.now()
        if broadcast.status == "running":
            interrupted = self._store.recover(broadcast.id, now)
            log.info(
                "broadcast #%s: resuming; %s recipient(s) interrupted mid-send are not resent",
                broadcast.id,
                interrupted,
            )
        elif self._store.start(broadcast.id, now):
            log.info("broadcast #%s: started", broadcast.id)
        else:
            return  # another runner took it first
        progress = _Progress(self._store, self._bot, self._clock, broadcast.id)
        if not await self._list(broadcast, progress):
            log.info("broadcast #%s: paused for shutdown; it resumes on restart", broadcast.id)
            return
        await progress.report()
        paying = self._paid and await self._affordable(broadcast)
        for attempt in range(MAX_PASSES):
            await self._pass(broadcast, progress, paying)
            if self._stopping:
                log.info("broadcast #%s: paused for shutdown; it resumes on restart", broadcast.id)
                return
            if not self._store.pending(broadcast.id, 0, 1):
                break
            if attempt + 1 < MAX_PASSES:
                await self._sleep(PASS_BACKOFF_SECONDS)
        self._store.fail_pending(broadcast.id, self._clock.now(), "gave up after retries")
        counts = self._store.finish(broadcast.id, self._clock.now())
        await progress.report(final=True)
        log.info("broadcast #%s: finished; %s", broadcast.id, broadcast_report.summary(counts))

    async def _list(self, broadcast: Broadcast, progress: _Progress) -> bool:
        """List the recipients chunk by chunk, letting other work in between; False when
        stopped first (the next start goes on listing)."""
        if broadcast.listed:
            return True
        listed = 0
        await progress.report(listing=0)
        while (chunk := self._store.list_recipients(broadcast.id, self._clock.now())) is not None:
            listed += chunk
            await asyncio.sleep(0)
            await self._room()
            if self._stopping:
                return False
            await progress.tick(listing=listed)
        log.info("broadcast #%s: %s recipient(s) listed", broadcast.id, listed)
        return True

    async def _affordable(self, broadcast: Broadcast) -> bool:
        left = self._store.counts(broadcast.id).remaining
        stars = await paid.balance(self._bot)
        if paid.covers(stars, left):
            log.info(
                "broadcast #%s: paid, %s Stars for %s messages", broadcast.id, paid.cost(left), left
            )
            return True
        log.warning(
            "broadcast #%s: the bot's Stars (%s) do not cover a paid broadcast to %s (%s "
            "Stars); it goes out at the free pace",
            broadcast.id,
            "unknown" if stars is None else stars,
            left,
            paid.cost(left),
        )
        return False

    async def _pass(self, broadcast: Broadcast, progress: _Progress, paying: bool) -> None:
        async def handle(recipient: Recipient) -> None:
            await self._deliver(broadcast, recipient, paying)
            await progress.tick()

        at_once = paid.SENDS_AT_ONCE if paying else None
        await self._sender.run(self._pending(broadcast.id), handle, at_once)

    async def _pending(self, broadcast_id: int) -> AsyncIterator[Recipient]:
        after = 0
        while not self._stopping and (page := self._store.pending(broadcast_id, after, PAGE_SIZE)):
            for recipient in page:
                if self._stopping:
                    return
                yield recipient
            after = page[-1].user_id

    async def _deliver(self, broadcast: Broadcast, recipient: Recipient, paying: bool) -> None:
        now = self._clock.now()
        if self._paused(recipient.user_id, now):
            if self._store.claim(broadcast.id, recipient.user_id, now):
                self._store.settle(broadcast.id, recipient.user_id, "paused", now, None)
            return

        def take() -> bool | None:
            return self._store.claim(broadcast.id, recipient.user_id, self._clock.now()) or None

        claim: Claim[bool] = Claim(
            take, lambda _: self._store.release(broadcast.id, recipient.user_id)
        )
        try:
            result = await self._sender.send(
                recipient.user_id, recipient.chat_id, broadcast.text_html, claim=claim, paid=paying
            )
        except ClaimedElsewhere:
            return
        if claim.held is None:
            return
        if result.outcome is Outcome.RETRY_LATER:
            claim.give_back()
            return
        self._store.settle(
            broadcast.id,
            recipient.user_id,
            _RECIPIENT_STATUS.get(result.outcome, result.outcome.value),
            self._clock.now(),
            result.error or None,
        )


class _Progress:
    """Edits the admin's status message every few seconds, and logs the same figures."""

    def __init__(self, store: BroadcastStore, bot: Bot, clock: Clock, broadcast_id: int) -> None:
        self._store = store
        self._bot = bot
        self._clock = clock
        self._id = broadcast_id
        self._last: datetime | None = None
        self._busy = False

    async def tick(self, listing: int | None = None) -> None:
        last = self._last
        if self._busy or (last is not None and self._clock.now() - last < PROGRESS_EVERY):
            return
        await self.report(listing=listing)

    async def report(self, final: bool = False, listing: int | None = None) -> None:
        """`listing`: how many recipients are listed so far, while the list is made."""
        self._busy = True
        try:
            self._last = self._clock.now()
            broadcast = self._store.get(self._id)
            if broadcast is None:
                return
            if final:
                text = broadcast_report.final_report(broadcast)
            elif listing is not None:
                text = broadcast_report.listing(self._id, listing)
            else:
                counts = self._store.counts(self._id)
                log.info("broadcast #%s: %s", self._id, broadcast_report.summary(counts))
                text = broadcast_report.progress(self._id, counts)
            await self._edit(broadcast, text)
        finally:
            self._busy = False

    async def _edit(self, broadcast: Broadcast, text: str) -> None:
        if broadcast.status_chat_id is None or broadcast.status_message_id is None:
            return
        try:
            await self._bot.edit_message_text(
                text, chat_id=broadcast.status_chat_id, message_id=broadcast.status_message_id
            )
        except TelegramError as exc:
            if "not modified" not in str(exc).lower():
                log.warning("broadcast #%s: could not update the status message: %s", self._id, exc)
