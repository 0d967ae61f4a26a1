"""The tip rotation: a per-user order, no repeats within a round, personalised first."""

from __future__ import annotations

import itertools
from collections import Counter

from bot.daily.rotation_store import Rotation
from bot.daily.tip_choice import choose_tip, user_order
from bot.knowledge.content import Catalogue, Item, SourceRef


def tip(tip_id: str, *tags: str) -> Item:
    return Item(
        id=tip_id,
        title=tip_id,
        short="s",
        detail="d",
        source=[SourceRef(document="doc", section="x")],
        tags=tags,
    )


def walk(
    pool: list[Item], rotation: Rotation, user_id: int, days: int
) -> tuple[list[str], Rotation]:
    shown = []
    for _ in range(days):
        choice = choose_tip(pool, rotation, user_id)
        shown.append(choice.tip.id)
        rotation = choice.rotation
    return shown, rotation


def test_a_full_round_shows_every_tip_once_then_starts_again(catalogue: Catalogue) -> None:
    pool = list(catalogue.tips)
    shown, rotation = walk(pool, Rotation(), 1001, len(pool))
    assert sorted(shown) == sorted(t.id for t in pool)
    assert rotation.round == 0 and len(rotation.seen) == len(pool)
    second, rotation = walk(pool, rotation, 1001, len(pool))
    assert sorted(second) == sorted(shown)
    assert rotation.round == 1
    assert second[0] != shown[-1]  # a new round never opens with yesterday's tip


def test_each_user_has_an_own_order() -> None:
    pool = [tip(f"t{i}") for i in range(10)]
    orders = {tuple(t.id for t in user_order(pool, user_id, 0)) for user_id in range(20)}
    assert len(orders) > 15
    assert user_order(pool, 7, 0) == user_order(pool, 7, 0)


def test_a_new_tip_joins_the_round_in_progress() -> None:
    pool = [tip(f"t{i}") for i in range(4)]
    shown, rotation = walk(pool, Rotation(), 5, 2)
    pool.append(tip("new"))
    rest, rotation = walk(pool, rotation, 5, 3)
    assert sorted(shown + rest) == sorted(t.id for t in pool)
    assert rotation.round == 0


def test_a_removed_tip_leaves_the_round() -> None:
    pool = [tip(f"t{i}") for i in range(4)]
    shown, rotation = walk(pool, Rotation(), 5, 2)
    pool = [t for t in pool if t.id != shown[0]]
    rest, rotation = walk(pool, rotation, 5, 2)
    assert sorted(shown[1:] + rest) == sorted(t.id for t in pool)


def test_triggers_choose_first_and_say_why() -> None:
    pool = [tip("a"), tip("b", "exercise"), tip("c", "night"), tip("d", "night"), tip("e")]
    first = choose_tip(pool, Rotation(), 9, ["night", "exercise"])
    second = choose_tip(pool, first.rotation, 9, ["night", "exercise"])
    third = choose_tip(pool, second.rotation, 9, ["night", "exercise"])
    fourth = choose_tip(pool, third.rotation, 9, ["night", "exercise"])
    assert {first.tip.id, second.tip.id} == {"c", "d"}
    assert first.trigger == second.trigger == "night"
    assert (third.tip.id, third.trigger) == ("b", "exercise")
    assert fourth.trigger is None and fourth.tip.id in {"a", "e"}


def test_rotation_over_many_rounds_is_fair() -> None:
    pool = [tip(f"t{i}") for i in range(7)]
    shown, _ = walk(pool, Rotation(), 3, 7 * 20)
    assert set(Counter(shown).values()) == {20}
    assert all(a != b for a, b in itertools.pairwise(shown))


def test_cramps_from_not_drinking_bring_the_drinking_tip(catalogue: Catalogue) -> None:
    """Whatever a user's order, the articles' answer to dehydration is to drink."""
    chosen = {
        choose_tip(list(catalogue.tips), Rotation(), user_id, ["dehydration"]).tip.id
        for user_id in range(1, 41)
    }
    assert chosen == {"drink-water"}
