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
from enum import StrEnum
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
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        try:
            return annotation(raw)
        except ValueError:
            pass
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
