"""Configuration from the environment (and an optional `.env` file).

Start-up must fail with one line that names the faulty variable, so every validation
error is turned into a `ConfigError` whose message is safe to print: it never echoes
the token back.
"""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import annotated_types
from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.core.ratelimit import BULK_MESSAGES_PER_SECOND

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT_DIR = PROJECT_ROOT / "content"

TELEGRAM_API_URL = "https://api.telegram.org"
_TOKEN_RE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{20,100}$")
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_WEBHOOK_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_LOCAL_HOSTS = ("localhost", "127.0.0.1")


class ConfigError(Exception):
    """A configuration problem, worded for the operator reading the console."""


def _database_path(value: object) -> object:
    """An empty value would become ".", the working folder, and fail only at start."""
    if isinstance(value, str) and (not value.strip() or value.endswith("/")):
        raise ValueError("must name a file, such as data/bot.sqlite3")
    return value


class DatabaseSetting(BaseSettings):
    """All that the shell commands read: they work on the database and never need the token."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    database_path: Path = Path("data/bot.sqlite3")

    @field_validator("database_path", mode="before")
    @classmethod
    def _database_path(cls, value: object) -> object:
        return _database_path(value)


class Config(BaseSettings):
    """Every setting the bot reads; field names map to upper-case environment variables."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", frozen=True
    )

    telegram_bot_token: SecretStr
    telegram_api_url: str | None = None
    database_path: Path = Path("data/bot.sqlite3")
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    default_tip_time: time = time(8, 0)
    default_timezone: str = "UTC"
    log_level: str = "INFO"
    content_dir: Path = DEFAULT_CONTENT_DIR
    bulk_messages_per_second: Annotated[int, Field(ge=0, le=1000)] = BULK_MESSAGES_PER_SECOND
    """Pace of daily tips and broadcasts; 0 turns all bulk pacing off (benchmarks, tests)."""
    heartbeat_seconds: Annotated[int, Field(ge=1, le=30)] = 15
    """How often the bot refreshes its instance lock and checks that DATABASE_PATH still
    names the file it opened (`bot.core.heartbeat`): a swapped database stops it within
    this time. At most half the lock's 60 s TTL, so one late beat never loses the lock."""
    resume_after_seconds: Annotated[int, Field(ge=1, le=300)] = 2
    """How soon after start the daily run and broadcasts go on (with what a stop cut short);
    tests that restart a real process often set 1. Never 0: the delay counts from when the
    jobs are set up, and a first run already past when the job queue starts is put off by
    a whole interval (APScheduler's interval trigger)."""
    paid_broadcasts: bool = False
    """Broadcasts go out as paid broadcasts, up to 1,000 a second for 0.1 Star each
    (see `bot.admin.paid`); paid broadcasts must be enabled in @BotFather too."""
    webhook_url: str | None = None
    """Set, the bot takes updates by webhook at this public URL instead of long polling."""
    webhook_secret: Annotated[SecretStr | None, Field(validate_default=True)] = None
    port: Annotated[int, Field(ge=1, le=65535)] = 8080
    """Where the webhook server listens; Heroku sets PORT for its `web` process."""
    webhook_listen: str = "0.0.0.0"
    """All interfaces: TLS ends at the platform's proxy in front of the bot."""

    @field_validator("telegram_bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        if not _TOKEN_RE.match(value.get_secret_value()):
            raise ValueError("does not look like a bot token from @BotFather (digits:letters)")
        return value

    @field_validator("telegram_api_url")
    @classmethod
    def _api_url(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        value = value.strip().rstrip("/")
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must be an http:// or https:// URL, such as http://localhost:8081")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        """Telegram only calls https URLs; plain http is for a local test server."""
        if value is None or not value.strip():
            return None
        value = value.strip()
        parts = urlsplit(value)
        local = parts.scheme == "http" and parts.hostname in _LOCAL_HOSTS
        if not (parts.scheme == "https" or local) or not parts.hostname:
            raise ValueError("must be an https:// URL, such as https://bot.example.com/telegram")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        secret = value.get_secret_value() if value is not None else ""
        if not secret:
            if info.data.get("webhook_url"):
                raise ValueError("is required when WEBHOOK_URL is set")
            return None
        if not _WEBHOOK_SECRET_RE.match(secret):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("database_path", mode="before")
    @classmethod
    def _database_path(cls, value: object) -> object:
        return _database_path(value)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _admin_ids(cls, value: object) -> frozenset[int]:
        if isinstance(value, str):
            parts = [part.strip() for part in value.split(",") if part.strip()]
            if not all(re.fullmatch(r"\d{1,20}", part) for part in parts):
                raise ValueError("must be Telegram user ids separated by commas, like 123,456")
            return frozenset(int(part) for part in parts)
        if isinstance(value, list | set | frozenset | tuple):
            return frozenset(int(v) for v in value)
        raise ValueError("must be Telegram user ids separated by commas")

    @field_validator("default_tip_time", mode="before")
    @classmethod
    def _tip_time(cls, value: object) -> object:
        if isinstance(value, str) and not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", value.strip()):
            raise ValueError("must be a 24-hour time like 08:00")
        return value.strip() if isinstance(value, str) else value

    @field_validator("default_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("must be an IANA time zone such as Europe/Berlin") from exc
        return value

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        if value.upper() not in _LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(_LOG_LEVELS)}")
        return value.upper()

    @property
    def api_url(self) -> str:
        """The Bot API base URL in use: the configured one, or Telegram's own."""
        return self.telegram_api_url or TELEGRAM_API_URL

    @property
    def token(self) -> str:
        return self.telegram_bot_token.get_secret_value()

    @property
    def webhook_path(self) -> str:
        """The path the webhook server answers on: the path of WEBHOOK_URL."""
        return urlsplit(self.webhook_url or "").path

    @property
    def webhook_secret_value(self) -> str:
        return self.webhook_secret.get_secret_value() if self.webhook_secret else ""

    @property
    def default_zone(self) -> ZoneInfo:
        return ZoneInfo(self.default_timezone)


def load_config(**overrides: object) -> Config:
    """Read the configuration, or raise `ConfigError` naming each bad variable."""
    try:
        # The settings library fills every field from the environment, which mypy's
        # pydantic plugin cannot see: it takes the missing token for a missing argument.
        return Config(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise _config_error(exc) from None


def load_database_path() -> Path:
    """DATABASE_PATH alone, or `ConfigError`: for the shell commands, which need no token."""
    try:
        return DatabaseSetting().database_path
    except ValidationError as exc:
        raise _config_error(exc) from None


def _config_error(exc: ValidationError) -> ConfigError:
    problems = []
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else ""
        name = field.upper() or "configuration"
        if error["type"] == "missing":
            problems.append(f"{name} is required but not set")
        else:
            problems.append(f"{name} {_problem(field, error)}")
    return ConfigError("; ".join(problems))


_WHOLE_NUMBER_ERRORS = frozenset(
    {"int_parsing", "int_from_float", "int_type", "greater_than_equal", "less_than_equal"}
)


def _problem(field: str, error: ErrorDetails) -> str:
    """Our own words for the error; pydantic's ("Input should be a valid integer…") are
    about its types, not the variable the operator set, so none of them is shown."""
    if error["type"] == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    if error["type"] in _WHOLE_NUMBER_ERRORS:
        low, high = _bounds(field)
        return f"must be a whole number from {low} to {high}"
    return "has a value that cannot be used; see .env.example for what it takes"


def _bounds(field: str) -> tuple[object, object]:
    info = Config.model_fields[field]
    low = next((m.ge for m in info.metadata if isinstance(m, annotated_types.Ge)), None)
    high = next((m.le for m in info.metadata if isinstance(m, annotated_types.Le)), None)
    return low, high
