"""Configuration: good values load, bad ones stop start-up with one clear line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import time
from pathlib import Path

import pytest

from bot.config import Config, ConfigError, load_config
from tests.bot_process import HANG_GUARD
from tests.support import TOKEN

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    prefixes = ("TELEGRAM_", "DATABASE_", "ADMIN_", "DEFAULT_", "LOG_", "CONTENT_", "WEBHOOK_")
    for name in list(os.environ):
        if name.startswith(prefixes) or name == "PORT":
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    config = load_config()
    assert config.token == TOKEN
    assert config.telegram_api_url is None
    assert config.database_path == Path("data/bot.sqlite3")
    assert config.admin_ids == frozenset()
    assert config.default_tip_time == time(8, 0)
    assert config.default_timezone == "UTC"
    assert config.log_level == "INFO"
    assert TOKEN not in repr(config)


def test_values_from_environment_and_dotenv(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / ".env").write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\nADMIN_IDS=5, 6\n")
    monkeypatch.setenv("TELEGRAM_API_URL", "http://localhost:8081/")
    monkeypatch.setenv("DEFAULT_TIP_TIME", "21:30")
    monkeypatch.setenv("DEFAULT_TIMEZONE", "Europe/Berlin")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    config = load_config()
    assert config.admin_ids == frozenset({5, 6})
    assert config.telegram_api_url == "http://localhost:8081"
    assert config.default_tip_time == time(21, 30)
    assert config.default_timezone == "Europe/Berlin"
    assert config.log_level == "DEBUG"


def test_missing_token_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError, match=r"^TELEGRAM_BOT_TOKEN is required but not set$"):
        load_config()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TELEGRAM_BOT_TOKEN", "not-a-token"),
        ("TELEGRAM_API_URL", "ftp://example.org"),
        ("ADMIN_IDS", "12,abc"),
        ("DEFAULT_TIP_TIME", "25:00"),
        ("DEFAULT_TIMEZONE", "Mars/Olympus_Mons"),
        ("LOG_LEVEL", "LOUD"),
        ("WEBHOOK_URL", "http://bot.example.com/hook"),
        ("WEBHOOK_URL", "bot.example.com/hook"),
        ("PORT", "http"),
        ("PORT", "70000"),
    ],
)
def test_invalid_value_is_named(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_config()
    assert str(caught.value).startswith(name)
    assert "\n" not in str(caught.value)


def test_webhook_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    assert load_config().webhook_url is None
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.com/tg/hook")
    monkeypatch.setenv("WEBHOOK_SECRET", "s3cret_-X")
    monkeypatch.setenv("PORT", "5000")
    config = load_config()
    assert config.webhook_path == "/tg/hook"
    assert config.webhook_secret_value == "s3cret_-X"
    assert config.port == 5000
    assert config.webhook_listen == "0.0.0.0"
    assert "s3cret" not in repr(config)
    monkeypatch.setenv("WEBHOOK_URL", "http://127.0.0.1:8443/")
    assert load_config().webhook_path == "/"


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        (None, "WEBHOOK_SECRET is required when WEBHOOK_URL is set"),
        ("", "WEBHOOK_SECRET is required when WEBHOOK_URL is set"),
        ("has space", "WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -"),
        ("x" * 257, "WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -"),
    ],
)
def test_webhook_secret_is_required_and_checked(
    monkeypatch: pytest.MonkeyPatch, secret: str | None, message: str
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.com/hook")
    if secret is not None:
        monkeypatch.setenv("WEBHOOK_SECRET", secret)
    with pytest.raises(ConfigError) as caught:
        load_config()
    assert str(caught.value) == message


def run_bot(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=tmp_path,
        env={"PATH": os.environ["PATH"], "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )


@pytest.mark.slow
def test_bad_configuration_stops_start_up_with_one_line(tmp_path: Path) -> None:
    bad_token = "12345:short"
    result = run_bot(tmp_path, TELEGRAM_BOT_TOKEN=bad_token, DEFAULT_TIMEZONE="Nowhere/Land")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Configuration error: TELEGRAM_BOT_TOKEN")
    assert "DEFAULT_TIMEZONE" in lines[0]
    assert "Traceback" not in result.stderr
    assert bad_token not in result.stderr


@pytest.mark.slow
def test_missing_token_stops_start_up(tmp_path: Path) -> None:
    result = run_bot(tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Configuration error: TELEGRAM_BOT_TOKEN is required but not set"
    )


PYDANTIC_WORDING = re.compile(r"Input should|valid integer|unable to parse|pydantic|type=")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("BULK_MESSAGES_PER_SECOND", "fast", "must be a whole number from 0 to 1000"),
        ("BULK_MESSAGES_PER_SECOND", "2.5", "must be a whole number from 0 to 1000"),
        ("BULK_MESSAGES_PER_SECOND", "-1", "must be a whole number from 0 to 1000"),
        ("BULK_MESSAGES_PER_SECOND", "1001", "must be a whole number from 0 to 1000"),
        ("HEARTBEAT_SECONDS", "0", "must be a whole number from 1 to 30"),
        ("HEARTBEAT_SECONDS", "31", "must be a whole number from 1 to 30"),
        ("RESUME_AFTER_SECONDS", "0", "must be a whole number from 1 to 300"),
        ("PORT", "http", "must be a whole number from 1 to 65535"),
        ("PORT", "0", "must be a whole number from 1 to 65535"),
        ("DATABASE_PATH", "", "must name a file, such as data/bot.sqlite3"),
        ("DATABASE_PATH", "data/", "must name a file, such as data/bot.sqlite3"),
    ],
)
def test_errors_are_worded_for_the_operator(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_config()
    assert str(caught.value) == f"{name} {message}"


@pytest.mark.parametrize("field", sorted(Config.model_fields))
def test_no_setting_shows_the_settings_librarys_wording(
    monkeypatch: pytest.MonkeyPatch, field: str
) -> None:
    """Whatever junk a variable holds, the line names it in our words, never pydantic's."""
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    refused = 0
    for junk in ("fast", "-1", "2.5", "", "25:00", "99999999999999999999999", "a b"):
        monkeypatch.setenv(field.upper(), junk)
        try:
            load_config()
        except ConfigError as exc:
            refused += 1
            assert str(exc).startswith(field.upper()), exc
            assert not PYDANTIC_WORDING.search(str(exc)), exc
    accepts_anything = {"webhook_listen", "content_dir"}
    assert (refused == 0) == (field in accepts_anything)


@pytest.mark.slow
def test_a_bad_number_stops_start_up_with_our_line(tmp_path: Path) -> None:
    result = run_bot(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, BULK_MESSAGES_PER_SECOND="fast")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Configuration error: BULK_MESSAGES_PER_SECOND must be a whole number from 0 to 1000"
    )
