"""Logging that can never leak the bot token.

httpx logs every request URL, and the Bot API puts the token in the URL. Redaction
happens in a log-record factory, so every record is scrubbed as it is created,
whichever logger emits it and whichever handler (or test harness) later formats it.
"""

from __future__ import annotations

import logging
from typing import Any

REDACTED = "<token>"

_secrets: set[str] = set()
_factory_installed = False


def _scrub(text: str) -> str:
    for secret in _secrets:
        text = text.replace(secret, REDACTED)
    return text


def _scrub_record(record: logging.LogRecord) -> None:
    message = record.getMessage()
    if any(secret in message for secret in _secrets):
        record.msg, record.args = _scrub(message), None
    if record.exc_info and record.exc_info[1] is not None:
        record.exc_text = _scrub(logging.Formatter().formatException(record.exc_info))


def protect_secret(secret: str) -> None:
    """Scrub `secret` from every log record created from now on."""
    global _factory_installed
    if secret:
        _secrets.add(secret)
    if _factory_installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        _scrub_record(record)
        return record

    logging.setLogRecordFactory(factory)
    _factory_installed = True


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
