"""What a feature package hands to `build_application`: its handlers, buttons and jobs."""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from telegram.ext import BaseHandler

from bot.core.buttons import ButtonRoutes
from bot.core.prompts import PromptKinds

if TYPE_CHECKING:
    from bot.context import BotContext


@dataclass(frozen=True, slots=True)
class RepeatingJob:
    """A JobQueue job that runs every `interval` seconds, first `first` seconds after start,
    or, without `first`, RESUME_AFTER_SECONDS after start: a job that resumes work a stop
    cut short."""

    name: str
    callback: Callable[[BotContext], Coroutine[Any, Any, None]]
    interval: float
    first: float | None = None
    max_instances: int = 1


@dataclass(frozen=True, slots=True)
class Feature:
    """`handlers` are commands and messages, in the order they are tried."""

    name: str
    handlers: Sequence[BaseHandler[Any, Any, Any]]
    buttons: ButtonRoutes
    jobs: Sequence[RepeatingJob] = field(default=())
    prompts: PromptKinds = field(default_factory=PromptKinds)
    """The kinds of typed answer the feature asks for (see `bot.core.prompts`)."""
