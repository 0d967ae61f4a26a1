"""Figures computed from what the server process measured with its one clock."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


def percentile(values: list[float], p: float) -> float:
    """Nearest rank: the value p% of samples are at or below, never an interpolation."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class BatchResult:
    """One batch of offered updates: when they were offered and when replies arrived.

    Times are the server process's monotonic clock in seconds; latencies run from an
    update becoming available to getUpdates to the arrival of its chat's reply.
    """

    total: int
    offered: int
    replied: int
    first_offer: float | None
    last_offer: float | None
    last_reply: float | None
    samples: list[tuple[float, float]]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BatchResult:
        return cls(
            total=data["total"],
            offered=data["offered"],
            replied=data["replied"],
            first_offer=data["first_offer"],
            last_offer=data["last_offer"],
            last_reply=data["last_reply"],
            samples=[(offered_at, latency) for offered_at, latency in data["samples"]],
        )

    @property
    def complete(self) -> bool:
        return self.replied == self.total

    @property
    def throughput(self) -> float:
        """Replies per second, from the first offer to the last reply."""
        if self.first_offer is None or self.last_reply is None or self.replied == 0:
            return 0.0
        return self.replied / max(self.last_reply - self.first_offer, 1e-9)

    @property
    def offered_rate(self) -> float:
        """How steady the offering really was: updates per second between first and last."""
        if self.first_offer is None or self.last_offer is None or self.offered < 2:
            return math.nan
        return (self.offered - 1) / max(self.last_offer - self.first_offer, 1e-9)

    @property
    def latencies(self) -> list[float]:
        return [latency for _, latency in self.samples]

    def latency_ms(self, p: float) -> float:
        return percentile(self.latencies, p) * 1000
