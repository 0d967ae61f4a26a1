"""Questions that wait for a typed answer: the user's next plain message may be the answer.

After the bot asks something the user can answer by typing (/time, /timezone, the
onboarding steps, a note in the diary), their next message is taken as the answer when
it reads as one, or when it is a reply to the question; anything else (other text, a
command, a reply to some other message) cancels the question and is handled as usual, so
typed cramp logging and every other plain-text handler still see it. A question is
pending for 15 minutes (`prompt_store.EXPIRES_AFTER`) and survives a restart (table
`pending_prompts`, one row per user: asking a new question replaces the old one).

How a feature uses it:

1. Register a kind, in the feature package (like `ButtonRoutes`)::

       PROMPTS = PromptKinds()

       @PROMPTS.on("time", typed(parse_tip_time), unreadable=time_unreadable)
       async def time_answer(answer: Answer[time], context: BotContext) -> None:
           ...  # answer.value: what the parser returned; also answer.message,
                # answer.user_id and answer.prompt.payload

   and hand it to the feature: `Feature(..., prompts=PROMPTS)`. Kind names are unique
   across features. The parser takes the whole `Message` (so a kind can accept a shared
   location); `typed(parse)` wraps a parser of plain text. It returns None when the
   message is not an answer. `unreadable` (optional) is called for a text reply to the
   question that does not parse: the user clearly meant to answer, so they hear why it did not work
   and the question stays; without it, such a reply cancels like any other text.

2. Ask: `await ask(context, user_id, "time", text, reply_markup=...)` sends the question
   and remembers it; for a question made by editing a message (a settings message turned
   into a picker), `expect_answer(context, user_id, "time", message_id)`. `payload` is a
   short string of the feature's own (an entry id, say; never what the user typed). A
   button that answers the question itself calls `context.prompts.clear(user_id, kind)`.

The answer handler runs with the question already cleared, so it may ask the next one.
Answers are handled in handler group `GROUP`, before every feature's handlers; an answer
stops there, anything else goes on to them.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, NoReturn, TypeVar

from telegram import (
    ForceReply,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import ApplicationHandlerStop, MessageHandler, filters

from bot.core import activity, replays
from bot.core.prompt_store import Pending
from bot.core.replies import PRIVATE_MESSAGE, message_of, sender_of

if TYPE_CHECKING:
    from bot.context import BotContext

log = logging.getLogger(__name__)

GROUP = -1
"""After the replay check (`bot.core.replays.GROUP`), before the features (group 0)."""

T = TypeVar("T")

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply


@dataclass(frozen=True, slots=True)
class Answer(Generic[T]):
    """A message read as the answer to `prompt`."""

    message: Message
    value: T
    prompt: Pending

    @property
    def user_id(self) -> int:
        return self.prompt.user_id


Parser = Callable[[Message], T | None]
AnswerCallback = Callable[[Answer[T], "BotContext"], Awaitable[None]]
UnreadableCallback = Callable[[Message, Pending, "BotContext"], Awaitable[None]]


def typed(parse: Callable[[str], T | None]) -> Parser[T]:
    """A parser of the message's text; a message without text is no answer."""

    def parse_message(message: Message) -> T | None:
        return parse(message.text) if message.text else None

    return parse_message


@dataclass(frozen=True, slots=True)
class _Kind:
    parse: Parser[Any]
    answer: AnswerCallback[Any]
    unreadable: UnreadableCallback | None


class PromptKinds:
    """One feature's kinds of question: name -> how to read an answer and what to do."""

    def __init__(self) -> None:
        self.kinds: dict[str, _Kind] = {}

    def on(
        self, name: str, parse: Parser[T], *, unreadable: UnreadableCallback | None = None
    ) -> Callable[[AnswerCallback[T]], AnswerCallback[T]]:
        def register(callback: AnswerCallback[T]) -> AnswerCallback[T]:
            if name in self.kinds:
                raise ValueError(f"prompt kind {name!r} already has a handler")
            self.kinds[name] = _Kind(parse, callback, unreadable)
            return callback

        return register


async def ask(
    context: BotContext,
    user_id: int,
    kind: str,
    text: str,
    *,
    reply_markup: Markup | None = None,
    payload: str = "",
) -> Message:
    """Send a question (private chats: the chat is the user) and wait for its answer."""
    message = await context.bot.send_message(user_id, text, reply_markup=reply_markup)
    expect_answer(context, user_id, kind, message.message_id, payload)
    return message


def expect_answer(
    context: BotContext, user_id: int, kind: str, message_id: int, payload: str = ""
) -> None:
    """Wait for an answer to a question already on screen (a message edited into one).

    The question is the user's, so it needs their row (and goes with /forget)."""
    context.ensure_user(user_id)
    context.prompts.expect(user_id, kind, message_id, context.clock.now(), payload)


class PromptRouter:
    """Every private message passes `dispatch` first: an answer stops there."""

    def __init__(self, *features: PromptKinds) -> None:
        self._kinds: dict[str, _Kind] = {}
        for feature in features:
            for name, kind in feature.kinds.items():
                if name in self._kinds:
                    raise ValueError(f"prompt kind {name!r} is registered by two features")
                self._kinds[name] = kind

    def handler(self) -> MessageHandler[Any, None]:
        return MessageHandler(PRIVATE_MESSAGE, self.dispatch)

    async def dispatch(self, update: Update, context: BotContext) -> None:
        user_id = sender_of(update).id
        prompt = context.prompts.pending(user_id, context.clock.now())
        if prompt is None:
            return
        message = message_of(update)
        kind = self._kinds.get(prompt.kind)
        if kind is None:
            log.warning("user %s had a prompt of unknown kind %r", user_id, prompt.kind)
        replied_to = message.reply_to_message
        replying = replied_to is not None and replied_to.message_id == prompt.message_id
        answerable = not filters.COMMAND.check_update(update) and (replied_to is None or replying)
        value = kind.parse(message) if kind is not None and answerable else None
        if kind is not None and value is not None:
            context.prompts.clear(user_id)
            await kind.answer(Answer(message, value, prompt), context)
            await self._stop(update, context)
        if replying and message.text and kind is not None and kind.unreadable is not None:
            await kind.unreadable(message, prompt, context)
            await self._stop(update, context)
        # Dropping the question is not what the message asked for: the handlers that now
        # see it record the update as handled if they change anything. Nor may it stop
        # them when the database cannot be written: a command that only reads still works.
        try:
            with replays.unrecorded():
                context.prompts.clear(user_id)
        except sqlite3.Error as exc:
            log.warning("could not drop the question pending for user %s: %s", user_id, exc)

    @staticmethod
    async def _stop(update: Update, context: BotContext) -> NoReturn:
        """Later groups do not run after an answer, and one of them records activity."""
        await activity.record(update, context)
        raise ApplicationHandlerStop
