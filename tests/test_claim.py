"""The claim-before-send that daily tips and broadcasts share (`bot.core.sending.Claim`)."""

from __future__ import annotations

import pytest

from bot.core.sending import Claim, ClaimedElsewhere


class Store:
    """Hands out claim ids, one holder at a time, like the deliveries table's UNIQUE key."""

    def __init__(self) -> None:
        self.holder: int | None = None
        self.issued = 0
        self.released: list[int] = []

    def take(self) -> int | None:
        if self.holder is not None:
            return None
        self.issued += 1
        self.holder = self.issued
        return self.holder

    def release(self, claim_id: int) -> None:
        self.released.append(claim_id)
        self.holder = None


def test_a_claim_is_taken_once_and_kept_across_attempts() -> None:
    store = Store()
    claim = Claim(store.take, store.release)
    assert claim.held is None
    claim.take()
    claim.take()  # a second attempt of the same send keeps the first claim
    assert claim.held == 1 and store.issued == 1


def test_a_claim_held_elsewhere_stops_the_send() -> None:
    store = Store()
    Claim(store.take, store.release).take()
    late = Claim(store.take, store.release)
    with pytest.raises(ClaimedElsewhere):
        late.take()
    assert late.held is None


def test_giving_back_releases_once_and_lets_the_next_attempt_claim_again() -> None:
    store = Store()
    claim = Claim(store.take, store.release)
    claim.take()
    claim.give_back()
    claim.give_back()  # nothing held: nothing to release twice
    assert store.released == [1] and claim.held is None
    claim.take()
    assert claim.held == 2
