"""Handling updates: different chats at once, each chat's one at a time, in order.

PTB handles updates one at a time by default, so one chat's reply that waits (Telegram
asked it to retry in 30 s, a slow export) held every other chat's. Running all updates
at once would break what the handlers rely on: the diary's flows and double-tap checks
assume one chat's updates are handled in the order they came. This processor gives
both: a lock per chat, taken in arrival order.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
from collections.abc import AsyncIterator, Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT_UPDATES = 1024
"""Updates in progress or waiting for their chat's turn; more wait to be taken at all.

High, because an update waiting for its chat's turn holds a place: a chat that sends
hundreds of updates at once must not keep other chats' updates out."""
RUNNING_AT_ONCE = 4
"""Updates actually being handled at once, each holding its chat's turn. Hundreds at once
(a burst) made every request slower in the HTTP client's pool: the burst's throughput fell
by a third (bench interactive: 8 running cost a fifth, 4 about nothing). An update that
only waits out a 429 gives its place up meanwhile (`waiting`), so few are enough."""

_running: contextvars.ContextVar[asyncio.Semaphore | None] = contextvars.ContextVar(
    "running_update", default=None
)


@contextlib.asynccontextmanager
async def waiting() -> AsyncIterator[None]:
    """While the update being handled only waits (a reply's own `retry_after`), other
    chats' updates take its running place; its chat's turn stays with it, so its chat's
    next update still comes after it."""
    place = _running.get()
    if place is None:
        yield
        return
    place.release()
    try:
        yield
    finally:
        # Shielded: if the update is cancelled here, the place is still taken back (later),
        # which balances the release its processor makes as it unwinds.
        await asyncio.shield(place.acquire())


def _chat_key(update: object) -> int | None:
    """Updates without a chat or user share one key, so they keep PTB's one-at-a-time."""
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return update.effective_chat.id
        if update.effective_user is not None:
            return update.effective_user.id
    return None


class PerChatUpdateProcessor(BaseUpdateProcessor):
    __slots__ = ("_chats", "_running")

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._chats: dict[int | None, tuple[asyncio.Lock, int]] = {}
        self._running = asyncio.Semaphore(RUNNING_AT_ONCE)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """asyncio's lock serves waiters first come, first served: the arrival order. An
        update takes a running place only once it has its chat's turn.

        A chat's lock is dropped when no update of that chat holds or awaits it, so the
        table holds only the chats in progress.
        """
        key = _chat_key(update)
        lock, users = self._chats.get(key, (asyncio.Lock(), 0))
        self._chats[key] = (lock, users + 1)
        try:
            async with lock, self._running:
                _running.set(self._running)
                await coroutine
        finally:
            lock, users = self._chats[key]
            if users == 1:
                del self._chats[key]
            else:
                self._chats[key] = (lock, users - 1)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release: PTB waits for the updates in progress before this."""
