"""Which tip a subscriber gets next: a per-user order, no repeats within a round.

Each round walks the whole pool in an order shuffled for that user and round (a seed
from the user id and round number, so it survives restarts). Tips added to the pool
join the round in progress; removed ones drop out. When the diary points to triggers,
the first unseen tip that addresses the most frequent one is chosen, and the reason
travels with the choice so the message can say why.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.daily.rotation_store import Rotation


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


def user_order(pool: Sequence[PoolTip], user_id: int, round_number: int) -> list[PoolTip]:
    order = sorted(pool, key=lambda tip: tip.id)
    random.Random(f"tips:{user_id}:{round_number}").shuffle(order)
    return order


def choose_tip(
    pool: Sequence[PoolTip], rotation: Rotation, user_id: int, triggers: Sequence[str] = ()
) -> Choice:
    """Triggers come most frequent first; the pool must not be empty."""
    ids = {tip.id for tip in pool}
    seen = tuple(tip_id for tip_id in rotation.seen if tip_id in ids)
    round_number = rotation.round
    candidates = [tip for tip in user_order(pool, user_id, round_number) if tip.id not in seen]
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
