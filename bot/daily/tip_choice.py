"""Which tip a subscriber gets next: a per-user order, no repeats within a round.

Each round walks the whole pool in an order shuffled for that user and round: one of
`ORDERS` fixed shuffles, picked by the user id and round number, so it survives
restarts. Tips added to the pool join the round in progress; removed ones drop out.
When the diary points to triggers, the first unseen tip that addresses the most
frequent one is chosen, and the reason travels with the choice so the message can say
why.
"""

from __future__ import annotations

import functools
import operator
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.daily.rotation_store import Rotation

_tip_id = operator.attrgetter("id")


class PoolTip(Protocol):
    """What the rotation needs of a tip; content tips and team tips both have it."""

    @property
    def id(self) -> str: ...

    @property
    def tags(self) -> tuple[str, ...]: ...


@dataclass(frozen=True, slots=True)
class Choice:
    tip: PoolTip
    trigger: str | None
    rotation: Rotation
    """The user's rotation once this tip is sent."""


ORDER_BITS = 10
ORDERS = 1 << ORDER_BITS
"""How many different orders a pool of one size is walked in. A shuffle drawn afresh for
every message was most of the cost of choosing a tip, and a tenth of the daily run's own
work (bench/daily.py); a thousand orders are as good as a million to any one user."""


@functools.lru_cache(maxsize=4 * ORDERS)
def _shuffled(size: int, index: int) -> tuple[int, ...]:
    positions = list(range(size))
    random.Random(f"tips:{size}:{index}").shuffle(positions)
    return tuple(positions)


def _order_index(user_id: int, round_number: int) -> int:
    """Knuth's multiplicative hash: neighbouring user ids and rounds land far apart."""
    mixed = (user_id * 2654435761 + round_number * 40503) & 0xFFFFFFFF
    return mixed >> (32 - ORDER_BITS)


def user_order(pool: Sequence[PoolTip], user_id: int, round_number: int) -> list[PoolTip]:
    by_id = sorted(pool, key=_tip_id)
    return [by_id[i] for i in _shuffled(len(by_id), _order_index(user_id, round_number))]


def choose_tip(
    pool: Sequence[PoolTip], rotation: Rotation, user_id: int, triggers: Sequence[str] = ()
) -> Choice:
    """Triggers come most frequent first; the pool must not be empty."""
    ids = {tip.id for tip in pool}
    seen = tuple(tip_id for tip_id in rotation.seen if tip_id in ids)
    round_number = rotation.round
    shown = set(seen)
    candidates = [tip for tip in user_order(pool, user_id, round_number) if tip.id not in shown]
    if not candidates:
        round_number += 1
        seen = ()
        last = rotation.seen[-1] if rotation.seen else None
        candidates = user_order(pool, user_id, round_number)
        if len(candidates) > 1:
            # A new round must not open with yesterday's tip.
            candidates = [tip for tip in candidates if tip.id != last]
    for trigger in triggers:
        for tip in candidates:
            if trigger in tip.tags:
                return Choice(tip, trigger, Rotation(round_number, (*seen, tip.id)))
    tip = candidates[0]
    return Choice(tip, None, Rotation(round_number, (*seen, tip.id)))
