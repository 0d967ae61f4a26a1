"""A small, versioned codec for inline-button callback data.

Telegram hands back whatever bytes a button carried, and anyone can forge them, so
decoding is strict: the version, the action code, the number of fields and each
field's shape must all match, or `InvalidCallbackData` is raised. Bumping `VERSION`
turns every old button into a politely "expired" one.

Every press reaches one `ButtonRouter`, which decodes the data once, checks admin
rights where the route asks for them, hands the typed data to the one handler declared
for its class, and answers the press if the handler did not.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Generic,
    Literal,
    TypeVar,
    get_args,
    get_origin,
    get_type_hints,
)

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler

from bot.core import texts
from bot.core.replies import edit_query_message

if TYPE_CHECKING:
    from bot.context import BotContext

log = logging.getLogger(__name__)

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
        """Every keyboard encodes its buttons, so this stays cheap: no recursive `astuple`."""
        values = (getattr(self, name) for name, _ in _schema(type(self)))
        parts = [VERSION, self.CODE, *(str(value) for value in values)]
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


_SCHEMAS: dict[type[CallbackData], tuple[tuple[str, Any], ...]] = {}


def _schema(cls: type[CallbackData]) -> tuple[tuple[str, Any], ...]:
    """Each field's name and type, worked out once per class: `get_type_hints` is slow."""
    schema = _SCHEMAS.get(cls)
    if schema is None:
        hints = get_type_hints(cls)
        schema = _SCHEMAS[cls] = tuple((field.name, hints[field.name]) for field in fields(cls))
    return schema


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


# Dispatch: one handler for every press, so the data is decoded once, and each press is
# answered in one place.

D = TypeVar("D", bound=CallbackData)


class Press(Generic[D]):
    """One button press, decoded once, with its data typed for the handler it reaches.

    A handler answers with `answer(text)` when it has something to say; otherwise the
    router answers for it, after the handler returns, so every press is answered once.
    """

    __slots__ = ("answered", "data", "query")

    def __init__(self, query: CallbackQuery, data: D) -> None:
        self.query = query
        self.data = data
        self.answered = False

    @property
    def user_id(self) -> int:
        """The presser: in private chats also the chat to write to."""
        return self.query.from_user.id

    @property
    def message_id(self) -> int | None:
        """The message the button sits on; None when Telegram no longer shows it to us."""
        message = self.query.message
        return message.message_id if message is not None else None

    async def answer(self, text: str | None = None, *, alert: bool = False) -> None:
        """Call it after the visible reply (the edit, the new message), not before: the
        answer only stops the button's spinner or shows a toast, and sent first it put a
        whole round trip, and its share of the loop, in front of what the user waits for."""
        self.answered = True
        await self.query.answer(text, show_alert=alert)

    async def expired(self) -> None:
        """The friendly answer to a stale or forged button: nothing was changed."""
        await self.answer(texts.BUTTON_EXPIRED, alert=True)

    async def edit(self, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
        await edit_query_message(self.query, text, markup)

    async def drop_buttons(self) -> None:
        """Take the buttons off a decided message; one we can no longer edit keeps them."""
        try:
            await self.query.edit_message_reply_markup(None)
        except BadRequest as exc:
            log.info("could not remove the buttons: %s", exc.message)


ButtonCallback = Callable[[Press[D], "BotContext"], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class _Route:
    callback: ButtonCallback[Any]
    admin: bool


class ButtonRoutes:
    """One feature's button handlers, each declared for the button-data class it takes."""

    def __init__(self) -> None:
        self.routes: dict[type[CallbackData], _Route] = {}

    def on(
        self, cls: type[D], *, admin: bool = False
    ) -> Callable[[ButtonCallback[D]], ButtonCallback[D]]:
        """`admin=True` makes the router check admin rights on every press: data is forgeable."""

        def register(callback: ButtonCallback[D]) -> ButtonCallback[D]:
            if cls in self.routes:
                raise ValueError(f"{cls.__name__} already has a handler")
            self.routes[cls] = _Route(callback, admin)
            return callback

        return register


class ButtonRouter:
    """Every press goes through `dispatch`: decode once, check, call, answer."""

    def __init__(self, *features: ButtonRoutes) -> None:
        self._routes: dict[type[CallbackData], _Route] = {}
        for feature in features:
            for cls, route in feature.routes.items():
                if cls in self._routes:
                    raise ValueError(f"{cls.__name__} has handlers in two features")
                self._routes[cls] = route

    @property
    def actions(self) -> frozenset[type[CallbackData]]:
        return frozenset(self._routes)

    def handler(self) -> CallbackQueryHandler[Any, None]:
        return CallbackQueryHandler(self.dispatch)

    async def dispatch(self, update: Update, context: BotContext) -> None:
        query = update.callback_query
        if query is None:
            return
        try:
            data = decode(query.data)
        except InvalidCallbackData as exc:
            log.info("expired or forged button from user %s: %s", query.from_user.id, exc)
            await query.answer(texts.BUTTON_EXPIRED, show_alert=True)
            return
        route = self._routes.get(type(data))
        admin_ids = context.config.admin_ids
        if route is None or (route.admin and query.from_user.id not in admin_ids):
            if route is not None:
                log.warning(
                    "refused admin action %s for non-admin user %s",
                    type(data).__name__,
                    query.from_user.id,
                )
            await query.answer(texts.BUTTON_EXPIRED, show_alert=True)
            return
        press = Press(query, data)
        await route.callback(press, context)
        if not press.answered:
            await query.answer()
