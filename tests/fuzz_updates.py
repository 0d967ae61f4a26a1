"""Hypothesis strategies for hostile Telegram updates, shared by the fuzz test and bench.

Every update comes from an attacker (never an admin, never a victim): random and very
long text, every command with garbage after it, forged button data (random strings,
and well-formed data carrying the victims' real entry ids and the team's real
broadcast and tip ids), buttons on messages the bot never sent, and all of it from
private chats, groups, supergroups and channels.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any, Literal, get_args, get_origin, get_type_hints

from hypothesis import strategies as st

from bot.account import texts as account_texts
from bot.admin import texts as admin_texts
from bot.admin.buttons import BroadcastTip, CancelBroadcast, ConfirmBroadcast
from bot.core.buttons import _REGISTRY, CallbackData

ATTACKER_IDS = (5001, 5002, 5003)
MAX_TEXT = 4096  # Telegram's limit for a message's text
INTERNAL_MARKERS = ("traceback", 'file "', ".py", "sqlite", "exception", "error:", "errno")
"""Words that would mean internals reached a user (matched case-insensitively)."""
COMMANDS = (
    [name for name, _ in account_texts.COMMANDS]
    + [name for name, _ in admin_texts.ADMIN_COMMANDS]
    + ["frobnicate", "START", "log_", "x" * 40]
)


@dataclass(frozen=True)
class Targets:
    """What the victims and the team own, for forged buttons to aim at."""

    entry_ids: tuple[int, ...]
    broadcast_ids: tuple[int, ...]
    tip_ids: tuple[int, ...]
    tip_slugs: tuple[str, ...]
    item_ids: tuple[str, ...]


@dataclass(frozen=True)
class Sender:
    user_id: int
    first_name: str


@dataclass(frozen=True)
class SendMessage:
    sender: Sender
    text: str
    chat: dict[str, Any] | None  # None: the sender's private chat
    location: tuple[float, float] | None = None


@dataclass(frozen=True)
class PressButton:
    sender: Sender
    data: str
    message_id: int | None  # None: a message the bot never sent
    chat: dict[str, Any] | None


FuzzUpdate = SendMessage | PressButton


def shows_internals(text: str) -> bool:
    lowered = text.lower()
    return any(marker in lowered for marker in INTERNAL_MARKERS)


_VALID_TEXT = st.characters(exclude_categories=("Cs",))  # Telegram sends valid UTF-8 only
_SHORT = st.text(_VALID_TEXT, max_size=60)
_EMPTYISH = st.sampled_from(["", " ", "\n\t", "\u200b", "\u202e", "/", "//", "@", "/@cramp_bot"])
_LONG = st.builds(
    lambda part, times: (part * times)[:MAX_TEXT], _SHORT.filter(bool), st.integers(50, 5000)
)
_GARBAGE = st.one_of(
    _SHORT,
    _EMPTYISH,
    _LONG,
    st.sampled_from(
        [
            "0",
            "-1",
            "25:99",
            "99999999999999999999",
            "team-0",
            "<b>",
            "&amp",
            "%s",
            "'; DROP TABLE users; --",
        ]
    ),
)


def _command(name: str, mention: str, argument: str) -> str:
    return (f"/{name}{mention} {argument}" if argument else f"/{name}{mention}")[:MAX_TEXT]


_COMMAND_TEXT = st.builds(
    _command,
    st.sampled_from(COMMANDS),
    st.sampled_from(["", "@cramp_bot", "@other_bot"]),
    _GARBAGE,
)
MESSAGE_TEXT = st.one_of(_SHORT, _EMPTYISH, _LONG, _COMMAND_TEXT).filter(
    lambda text: not shows_internals(text)
)

SENDERS = st.one_of(
    st.sampled_from(ATTACKER_IDS),
    st.integers(10_000, 2**40),
).flatmap(
    lambda user_id: st.builds(
        Sender, st.just(user_id), st.one_of(st.just("Eve"), _SHORT.filter(str.strip))
    )
)
OTHER_CHATS = st.one_of(
    st.builds(lambda n: {"id": -n, "type": "group", "title": "Runners"}, st.integers(1, 10**6)),
    st.builds(
        lambda n: {"id": -(10**12) - n, "type": "supergroup", "title": "Cramps"},
        st.integers(1, 10**6),
    ),
    st.builds(
        lambda n: {"id": -(10**12) - n, "type": "channel", "title": "News"},
        st.integers(1, 10**6),
    ),
)
CHATS = st.one_of(st.none(), st.none(), OTHER_CHATS)


def _field_values(annotation: Any, targets: Targets) -> st.SearchStrategy[Any]:
    if annotation is int:
        known = targets.entry_ids + targets.broadcast_ids + targets.tip_ids
        return st.one_of(st.sampled_from(known), st.integers(0, 10**18 - 1))
    if annotation is str:
        slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
        return st.one_of(st.sampled_from(targets.item_ids + targets.tip_slugs), slugs)
    if get_origin(annotation) is Literal:
        return st.sampled_from(get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return st.sampled_from(list(annotation))
    raise TypeError(f"no strategy for a field of type {annotation}")


def _instances(cls: type[CallbackData], targets: Targets) -> st.SearchStrategy[CallbackData]:
    hints = get_type_hints(cls)
    return st.builds(
        cls, **{field.name: _field_values(hints[field.name], targets) for field in fields(cls)}
    )


def callback_data(targets: Targets) -> st.SearchStrategy[str]:
    """Well-formed data for every action, the team's buttons aimed at real ids, and junk."""
    actions = tuple(sorted(_REGISTRY.values(), key=lambda cls: cls.CODE))
    team_buttons = st.one_of(
        st.sampled_from(targets.broadcast_ids).map(lambda i: ConfirmBroadcast(i).encode()),
        st.sampled_from(targets.broadcast_ids).map(lambda i: CancelBroadcast(i).encode()),
        st.sampled_from(targets.tip_ids).map(lambda i: BroadcastTip(i).encode()),
    )
    return st.one_of(
        st.sampled_from(actions)
        .flatmap(lambda cls: _instances(cls, targets))
        .map(CallbackData.encode),
        team_buttons,
        st.text(st.characters(exclude_categories=()), max_size=80),  # lone surrogates too
        st.binary(max_size=80).map(lambda raw: raw.decode("utf-8", "surrogateescape")),
        st.sampled_from(["1", "1:", "1:dx:1", "1:ab:", "1:ab:1:1", "2:ab:1", "1:ab:01"]),
    )


def updates(targets: Targets) -> st.SearchStrategy[FuzzUpdate]:
    messages = st.builds(
        SendMessage,
        SENDERS,
        MESSAGE_TEXT,
        CHATS,
        st.one_of(
            st.none(),
            st.none(),
            st.tuples(st.floats(-90, 90), st.floats(-180, 180)),
        ),
    )
    presses = st.builds(
        PressButton,
        SENDERS,
        callback_data(targets),
        st.one_of(st.none(), st.integers(1, 40), st.integers(1, 2**31 - 1)),
        CHATS,
    )
    return st.one_of(messages, presses)


TEAM_COMMANDS = ("admin", "addtip", "removetip", "broadcast")


def team_messages(team_ids: tuple[int, ...]) -> st.SearchStrategy[FuzzUpdate]:
    """The team's own commands with garbage after them, in private chats and groups."""
    text = st.builds(
        _command, st.sampled_from(TEAM_COMMANDS), st.sampled_from(["", "@cramp_bot"]), _GARBAGE
    ).filter(lambda text: not shows_internals(text))
    senders = st.sampled_from(team_ids).map(lambda user_id: Sender(user_id, "Grace"))
    return st.builds(SendMessage, senders, text, st.one_of(st.none(), OTHER_CHATS))


def batches(
    targets: Targets, max_size: int, min_size: int = 1
) -> st.SearchStrategy[list[FuzzUpdate]]:
    return st.lists(updates(targets), min_size=min_size, max_size=max_size)
