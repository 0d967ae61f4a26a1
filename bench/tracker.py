"""Server-side bookkeeping: which update each reply answers, and how long it took.

It lives in the server process and is fed by the fake server's observer hook, so
offer and reply times come from one clock that the bot's event loop cannot delay.
Replies are matched per chat in FIFO order, which holds because the bot handles a
chat's updates in the order it receives them.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from tests.fake_bot_api import Recorded

MessageKey = tuple[int, int]


@dataclass
class Batch:
    id: int
    total: int
    offered: int = 0
    replied: int = 0
    first_offer: float | None = None
    last_offer: float | None = None
    last_reply: float | None = None
    # (offered at, latency) per answered update, in the order the replies arrived.
    samples: list[tuple[float, float]] = field(default_factory=list)
    done: asyncio.Event = field(default_factory=asyncio.Event)

    def summary(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "offered": self.offered,
            "replied": self.replied,
            "first_offer": self.first_offer,
            "last_offer": self.last_offer,
            "last_reply": self.last_reply,
            "samples": self.samples,
        }


@dataclass
class _Waiting:
    batch: Batch
    offered_at: float
    pressed: MessageKey | None


@dataclass
class MethodStats:
    ok: int = 0
    failed: int = 0
    first_ok: float | None = None
    last_ok: float | None = None


class ReplyTracker:
    def __init__(self, reply_methods: frozenset[str]) -> None:
        self.reply_methods = reply_methods
        self.batches: dict[int, Batch] = {}
        self.methods: dict[str, MethodStats] = defaultdict(MethodStats)
        self.unsolicited = 0
        self.busy_presses = 0
        self._waiting: dict[int, deque[_Waiting]] = defaultdict(deque)
        self._bot_messages: dict[int, list[int]] = defaultdict(list)
        self._pressed: set[MessageKey] = set()

    def new_batch(self, total: int) -> Batch:
        batch = Batch(id=len(self.batches) + 1, total=total)
        self.batches[batch.id] = batch
        if total == 0:
            batch.done.set()
        return batch

    def press_target(self, chat_id: int) -> int | None:
        """The newest bot message in the chat that has no press in flight.

        A second press on a message before its first press is answered could repeat
        the same edit, which Telegram refuses as "not modified", so such a press would
        get no reply. Only when every message is busy is the newest one reused.
        """
        messages = self._bot_messages.get(chat_id)
        if not messages:
            return None
        for message_id in reversed(messages):
            if (chat_id, message_id) not in self._pressed:
                self._pressed.add((chat_id, message_id))
                return message_id
        self.busy_presses += 1
        return messages[-1]

    def offered(self, batch: Batch, chat_id: int, at: float, pressed: MessageKey | None) -> None:
        batch.offered += 1
        if batch.first_offer is None:
            batch.first_offer = at
        batch.last_offer = at
        self._waiting[chat_id].append(_Waiting(batch, at, pressed))

    def observe(self, record: Recorded) -> None:
        """The fake server's observer: count every request, match replies to updates."""
        stats = self.methods[record.method]
        succeeded = record.error is None and record.result is not None
        if not succeeded:
            stats.failed += 1
            return
        stats.ok += 1
        stats.first_ok = stats.first_ok if stats.first_ok is not None else record.at
        stats.last_ok = record.at
        chat_id = record.chat_id
        if chat_id is None:
            return
        if isinstance(record.result, dict) and record.method.startswith("send"):
            self._bot_messages[chat_id].append(record.message_id)
        if record.method in self.reply_methods:
            self._match(chat_id, record.at)

    def _match(self, chat_id: int, at: float) -> None:
        waiting = self._waiting.get(chat_id)
        if not waiting:
            self.unsolicited += 1
            return
        entry = waiting.popleft()
        if entry.pressed is not None:
            self._pressed.discard(entry.pressed)
        batch = entry.batch
        batch.replied += 1
        batch.last_reply = at
        batch.samples.append((entry.offered_at, at - entry.offered_at))
        if batch.replied == batch.total:
            batch.done.set()

    def summary(self) -> dict[str, Any]:
        return {
            "methods": {name: vars(stats) for name, stats in self.methods.items()},
            "unsolicited": self.unsolicited,
            "busy_presses": self.busy_presses,
        }
