"""Properties of the callback-data codec, for every registered action."""

from __future__ import annotations

from dataclasses import fields
from enum import StrEnum
from typing import Any, Literal, get_args, get_origin, get_type_hints

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.app import FEATURES
from bot.core.buttons import (
    _REGISTRY,
    MAX_BYTES,
    ButtonRouter,
    CallbackData,
    InvalidCallbackData,
    decode,
)

QUICK = settings(max_examples=300, deadline=None)
SLUG_PARTS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=10)
SLUGS = st.lists(SLUG_PARTS, min_size=1, max_size=3).map("-".join)
EVERY_ACTION = tuple(sorted(_REGISTRY.values(), key=lambda cls: cls.CODE))


def field_values(annotation: Any) -> st.SearchStrategy[Any]:
    if annotation is int:
        return st.integers(min_value=0, max_value=10**18 - 1)
    if annotation is str:
        return SLUGS
    if get_origin(annotation) is Literal:
        return st.sampled_from(get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return st.sampled_from(list(annotation))
    raise TypeError(f"no strategy for a field of type {annotation}")


def instances(cls: type[CallbackData]) -> st.SearchStrategy[CallbackData]:
    hints = get_type_hints(cls)
    return st.builds(cls, **{field.name: field_values(hints[field.name]) for field in fields(cls)})


ACTIONS = st.sampled_from(EVERY_ACTION).flatmap(instances)


def test_the_diary_and_the_older_actions_are_all_covered() -> None:
    codes = {cls.CODE for cls in EVERY_ACTION}
    assert {"l", "i", "n", "m", "s", "L"} <= codes
    assert {"dv", "dn", "dk", "dg", "du", "dd", "dh", "dx", "dy", "df"} <= codes
    assert {"dq", "dl", "da", "dj", "dm", "de", "ds", "dz", "db", "dP", "di", "dH"} <= codes
    assert "dt" not in codes  # the single trigger that could not be tapped off


@QUICK
@given(ACTIONS)
def test_every_action_round_trips_within_64_bytes(action: CallbackData) -> None:
    data = action.encode()
    assert len(data.encode()) <= MAX_BYTES
    assert decode(data) == action


def _mutate(data: str, position: int, insert: str, drop: int) -> str:
    position = len(data) if position < 0 else position % (len(data) + 1)
    return data[:position] + insert + data[position + drop :]


TRICKY = st.sampled_from([":", "\n", "0", "-", " ", "\x00", "\ud800", "é"])
NEAR_MISSES = st.builds(
    _mutate,
    ACTIONS.map(lambda action: action.encode()),
    st.one_of(st.just(-1), st.integers(min_value=0)),  # often at the end
    st.one_of(
        st.lists(TRICKY, max_size=2).map("".join),
        st.text(alphabet=st.characters(exclude_categories=()), max_size=3),
    ),
    st.integers(min_value=0, max_value=2),
)
ANYTHING = st.one_of(
    st.text(alphabet=st.characters(exclude_categories=())),  # lone surrogates included
    st.binary(),
    st.binary().map(lambda raw: raw.decode("utf-8", "surrogateescape")),
    st.none(),
    st.integers(),
)


def _canonical_or_invalid(data: object) -> None:
    try:
        decoded = decode(data)
    except InvalidCallbackData:
        return
    assert decoded.encode() == data
    assert isinstance(decoded, EVERY_ACTION)


@QUICK
@given(ANYTHING)
@example("\ud800")  # a lone surrogate once raised UnicodeEncodeError
def test_arbitrary_input_never_raises_anything_but_invalid(data: object) -> None:
    _canonical_or_invalid(data)


@QUICK
@given(NEAR_MISSES)
@example("1:n:drink-water\n")  # bugs found before: `$` matched before a final newline
@example("1:dh:5\n")
def test_near_misses_are_rejected_unless_exactly_canonical(data: str) -> None:
    """What is accepted is exactly what `encode` makes: no trailing newline, leading zero,
    spare separator or stray character slips through."""
    _canonical_or_invalid(data)


def test_every_action_has_exactly_one_handler() -> None:
    """A button nobody handles would only ever answer "expired"; two would be ambiguous."""
    router = ButtonRouter(*(feature.buttons for feature in FEATURES))
    assert router.actions == set(EVERY_ACTION)
