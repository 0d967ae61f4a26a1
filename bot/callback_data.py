"""A small, versioned codec for inline-button callback data.

Telegram hands back whatever bytes a button carried, and anyone can forge them, so
decoding is strict: the version, the action code, the number of fields and each
field's shape must all match, or `InvalidCallbackData` is raised. Bumping `VERSION`
turns every old button into a politely "expired" one.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import astuple, dataclass, fields
from typing import Any, ClassVar, Literal, TypeVar, get_args, get_origin, get_type_hints

VERSION = "1"
SEPARATOR = ":"
MAX_BYTES = 64
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_INT = re.compile(r"0|[1-9][0-9]{0,17}")

T = TypeVar("T", bound="CallbackData")


class InvalidCallbackData(ValueError):
    """The data did not come from a button this version of the bot made."""


@dataclass(frozen=True)
class CallbackData:
    CODE: ClassVar[str]

    def encode(self) -> str:
        parts = [VERSION, self.CODE, *(str(value) for value in astuple(self))]
        data = SEPARATOR.join(parts)
        if len(data.encode()) > MAX_BYTES:
            raise InvalidCallbackData(f"{data!r} is longer than {MAX_BYTES} bytes")
        return data


_REGISTRY: dict[str, type[CallbackData]] = {}


def action(code: str) -> Callable[[type[T]], type[T]]:
    """Register a button action (a frozen dataclass) under a short, unique code."""

    def register(cls: type[T]) -> type[T]:
        if code in _REGISTRY or SEPARATOR in code:
            raise ValueError(f"callback code {code!r} is taken or invalid")
        cls.CODE = code
        _REGISTRY[code] = cls
        return cls

    return register


def _convert(raw: str, annotation: Any) -> object:
    if annotation is int and _INT.fullmatch(raw):
        return int(raw)
    if annotation is str and len(raw) <= 32 and _SLUG.fullmatch(raw):
        return raw
    if get_origin(annotation) is Literal and raw in get_args(annotation):
        return raw
    raise InvalidCallbackData(f"field value {raw!r} does not fit {annotation}")


@functools.cache
def _schema(cls: type[CallbackData]) -> tuple[tuple[str, Any], ...]:
    """Each field's name and type, worked out once: every button press decodes its data
    once per handler pattern it is checked against, and `get_type_hints` is slow."""
    hints = get_type_hints(cls)
    return tuple((field.name, hints[field.name]) for field in fields(cls))


def decode(data: object) -> CallbackData:
    """Parse button data; anything but what `encode` makes raises `InvalidCallbackData`.

    JSON can carry lone surrogates, which cannot be encoded, so they count as invalid too.
    """
    if not isinstance(data, str) or not data:
        raise InvalidCallbackData("missing callback data")
    try:
        size = len(data.encode())
    except UnicodeEncodeError:
        raise InvalidCallbackData("callback data is not valid text") from None
    if size > MAX_BYTES:
        raise InvalidCallbackData("oversized callback data")
    version, _, rest = data.partition(SEPARATOR)
    if version != VERSION:
        raise InvalidCallbackData(f"version {version!r} is not {VERSION!r}")
    code, *values = rest.split(SEPARATOR)
    cls = _REGISTRY.get(code)
    if cls is None:
        raise InvalidCallbackData(f"unknown action {code!r}")
    schema = _schema(cls)
    if len(values) != len(schema):
        raise InvalidCallbackData(f"{code!r} takes {len(schema)} fields, got {len(values)}")
    return cls(
        **{
            name: _convert(raw, annotation)
            for (name, annotation), raw in zip(schema, values, strict=True)
        }
    )


def decode_as(data: object, cls: type[T]) -> T:
    decoded = decode(data)
    if not isinstance(decoded, cls):
        raise InvalidCallbackData(f"expected {cls.__name__}")
    return decoded


def matches(*classes: type[CallbackData]) -> Callable[[object], bool]:
    """A `CallbackQueryHandler` pattern that accepts only valid data of these actions."""

    def check(data: object) -> bool:
        try:
            return isinstance(decode(data), classes)
        except InvalidCallbackData:
            return False

    return check


# The actions. Codes are part of the wire format: never reuse a retired code.

Section = Literal["causes", "tips"]
MenuTarget = Literal["causes", "tips", "help"]


@action("l")
@dataclass(frozen=True)
class ShowList(CallbackData):
    section: Section


@action("i")
@dataclass(frozen=True)
class ShowItem(CallbackData):
    section: Section
    item_id: str


@action("n")
@dataclass(frozen=True)
class AnotherTip(CallbackData):
    after: str


@action("m")
@dataclass(frozen=True)
class Menu(CallbackData):
    target: MenuTarget


@action("s")
@dataclass(frozen=True)
class StopAnswer(CallbackData):
    answer: Literal["yes", "no"]


@action("L")
@dataclass(frozen=True)
class LogCramp(CallbackData):
    """Start logging a cramp: the button on the start menu and under every daily tip."""


# The daily tip: codes start with "t".


@action("tc")
@dataclass(frozen=True)
class ChangeTime(CallbackData):
    """Offer the common delivery times (the button under every daily tip)."""


@action("tt")
@dataclass(frozen=True)
class SetTime(CallbackData):
    minute_of_day: int


@action("tk")
@dataclass(frozen=True)
class ChangeZone(CallbackData):
    """Offer the common time zones and the share-location button."""


@action("tz")
@dataclass(frozen=True)
class SetZone(CallbackData):
    zone_key: str


# The cramp diary. Entry ids in these buttons are only ever used together with the id of
# the user who pressed, so a forged id reaches nobody else's entry.

Muscle = Literal["calf", "foot", "thigh", "other"]
Side = Literal["left", "right", "both"]
SeverityName = Literal["mild", "moderate", "severe"]
WhenKind = Literal["now", "night", "earlier"]
Trigger = Literal["exercise", "standing", "sitting", "dehydration", "medication", "other"]
YesNo = Literal["yes", "no"]


@action("dp")
@dataclass(frozen=True)
class LogPlaces(CallbackData):
    """Back to the where-question of a logging flow, on the same message."""


@action("dc")
@dataclass(frozen=True)
class LogCancel(CallbackData):
    """Abandon a logging flow before anything is saved."""


@action("dw")
@dataclass(frozen=True)
class LogWhere(CallbackData):
    muscle: Muscle
    side: Side


@action("dv")
@dataclass(frozen=True)
class LogSeverity(CallbackData):
    """The tap that saves the entry; the flow message it sits on makes it idempotent."""

    muscle: Muscle
    side: Side
    severity: SeverityName


@action("dn")
@dataclass(frozen=True)
class LogWhen(CallbackData):
    entry_id: int
    when: WhenKind


@action("dk")
@dataclass(frozen=True)
class LogWoke(CallbackData):
    entry_id: int
    woke: YesNo


@action("dt")
@dataclass(frozen=True)
class LogTrigger(CallbackData):
    entry_id: int
    trigger: Trigger


@action("du")
@dataclass(frozen=True)
class LogUndo(CallbackData):
    entry_id: int


@action("dd")
@dataclass(frozen=True)
class LogDone(CallbackData):
    entry_id: int


@action("dh")
@dataclass(frozen=True)
class HistoryPage(CallbackData):
    page: int


@action("dx")
@dataclass(frozen=True)
class HistoryDelete(CallbackData):
    """Ask before deleting; the page brings the user back where they were."""

    entry_id: int
    page: int


@action("dy")
@dataclass(frozen=True)
class HistoryDeleteConfirm(CallbackData):
    entry_id: int
    page: int


@action("df")
@dataclass(frozen=True)
class ForgetAnswer(CallbackData):
    answer: YesNo


# Admin tools (issue 5): codes start with "a". Handlers check admin rights on every press.


@action("ab")
@dataclass(frozen=True)
class ConfirmBroadcast(CallbackData):
    broadcast_id: int


@action("ax")
@dataclass(frozen=True)
class CancelBroadcast(CallbackData):
    broadcast_id: int


@action("at")
@dataclass(frozen=True)
class BroadcastTip(CallbackData):
    """The "Also broadcast now" button under a newly added team tip: opens a preview."""

    tip_id: int
