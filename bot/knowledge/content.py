"""The causes and tips we teach, loaded from `content/` and validated at start-up.

Content editors change TOML, not code, so a mistake must stop the bot with a message
that names the file and the item, never a stack trace. `python -m bot content check`
runs the same validation.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

MAX_ID_LENGTH = 32
MAX_TITLE_LENGTH = 40
MAX_SHORT_LENGTH = 300
MAX_DETAIL_LENGTH = 1200
TELEGRAM_MESSAGE_LIMIT = 4096

TriggerTag = Literal["night", "exercise", "standing", "sitting", "dehydration", "medication"]
TRIGGER_TAGS: tuple[TriggerTag, ...] = get_args(TriggerTag)

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=32)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
M = TypeVar("M", bound=BaseModel)


class ContentError(Exception):
    """Content that must not be served; the message names the file and the item."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Document(_Strict):
    """A source document: named by its own title, or, if it has none, by our description.

    The two are kept apart so an untitled document is never shown as if it had a title.
    """

    id: Slug
    title: Text | None = None
    description: Text | None = None
    file: Text
    summary: Text

    @model_validator(mode="after")
    def _title_or_description(self) -> Document:
        if (self.title is None) == (self.description is None):
            raise ValueError(
                "give the document's own title, or a description if it has none (not both)"
            )
        return self


Part = Literal["section", "paragraphs after"]


class SourceRef(_Strict):
    """Where in a document an item's facts are: a section, or the unheaded paragraphs
    that follow it, so a reader can find the sentence."""

    document: Slug
    section: Text
    part: Part = "section"


class Item(_Strict):
    id: Slug
    title: Annotated[Text, StringConstraints(max_length=MAX_TITLE_LENGTH)]
    short: Annotated[Text, StringConstraints(max_length=MAX_SHORT_LENGTH)]
    detail: Annotated[Text, StringConstraints(max_length=MAX_DETAIL_LENGTH)]
    source: Annotated[list[SourceRef], Field(min_length=1)]
    tags: tuple[TriggerTag, ...] = ()
    see_doctor: bool = False
    bedtime: bool = False
    """A tip the bedtime reminder may rotate (see `bot.daily.run.bedtime_pool`)."""


@dataclass(frozen=True)
class Catalogue:
    documents: dict[str, Document]
    causes: tuple[Item, ...]
    tips: tuple[Item, ...]

    def cause(self, item_id: str) -> Item | None:
        return next((item for item in self.causes if item.id == item_id), None)

    def tip(self, item_id: str) -> Item | None:
        return next((item for item in self.tips if item.id == item_id), None)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise ContentError(f"{path}: file is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{path}: not valid TOML ({exc})") from None


def _describe(exc: ValidationError) -> str:
    first = exc.errors()[0]
    if not first["loc"]:
        return first["msg"].removeprefix("Value error, ")
    field = ".".join(str(part) for part in first["loc"])
    return f"{field}: {first['msg']}"


def _parse_list(path: Path, key: str, model: type[M]) -> list[M]:
    raw = _read_toml(path).get(key)
    if not isinstance(raw, list) or not raw:
        raise ContentError(f"{path}: expected at least one [[{key}]] table")
    parsed = []
    for index, entry in enumerate(raw, start=1):
        label = entry.get("id") if isinstance(entry, dict) else None
        where = f"item '{label}'" if label else f"item #{index}"
        try:
            parsed.append(model.model_validate(entry))
        except ValidationError as exc:
            raise ContentError(f"{path}: {where}: {_describe(exc)}") from None
    return parsed


def _check_telegram_limits(catalogue: Catalogue, content_dir: Path) -> None:
    """Everything we render from an item must fit what Telegram accepts."""
    from bot.core.buttons import InvalidCallbackData
    from bot.knowledge import texts
    from bot.knowledge.buttons import AnotherTip, MoreTips, Section, ShowItem

    sections: tuple[tuple[Section, tuple[Item, ...]], ...] = (
        ("causes", catalogue.causes),
        ("tips", catalogue.tips),
    )
    for name, items in sections:
        for item in items:
            where = f"{content_dir / f'{name}.toml'}: item '{item.id}'"
            length = len(texts.item_detail(item, catalogue))
            if length > TELEGRAM_MESSAGE_LIMIT:
                raise ContentError(
                    f"{where}: the message would be {length} characters, "
                    f"over Telegram's {TELEGRAM_MESSAGE_LIMIT}"
                )
            try:
                ShowItem(name, item.id).encode()
                AnotherTip(item.id).encode()
                MoreTips(item.id).encode()
            except InvalidCallbackData as exc:
                raise ContentError(f"{where}: button data too long ({exc})") from None


def load_catalogue(content_dir: Path) -> Catalogue:
    """Load and cross-check every content file, or raise `ContentError`."""
    documents = {
        doc.id: doc for doc in _parse_list(content_dir / "sources.toml", "document", Document)
    }
    seen: dict[str, Path] = {}
    loaded: dict[str, list[Item]] = {}
    for name in ("causes", "tips"):
        path = content_dir / f"{name}.toml"
        items = _parse_list(path, "item", Item)
        for item in items:
            if item.id in seen:
                raise ContentError(
                    f"{path}: item '{item.id}': id is already used in {seen[item.id]}"
                )
            seen[item.id] = path
            if item.bedtime and name != "tips":
                raise ContentError(f"{path}: item '{item.id}': only tips can be bedtime reminders")
            for ref in item.source:
                if ref.document not in documents:
                    raise ContentError(
                        f"{path}: item '{item.id}': source document '{ref.document}' "
                        f"is not listed in {content_dir / 'sources.toml'}"
                    )
        loaded[name] = items
    catalogue = Catalogue(
        documents=documents, causes=tuple(loaded["causes"]), tips=tuple(loaded["tips"])
    )
    _check_telegram_limits(catalogue, content_dir)
    return catalogue
