"""Logging that can never leak the bot token.

httpx logs every request URL, and the Bot API puts the token in the URL. Redaction
happens in a log-record factory, so every record is scrubbed as it is created,
whichever logger emits it and whichever handler (or test harness) later formats it.
An exception nobody catches bypasses logging: python-telegram-bot's InvalidToken
quotes the token, and Python prints it on the console. So the hook that prints
uncaught exceptions scrubs them too.
"""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType
from typing import Any

REDACTED = "<token>"

_secrets: set[str] = set()
_hooks_installed = False


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


def _print_scrubbed(
    kind: type[BaseException], error: BaseException, trace: TracebackType | None
) -> None:
    sys.stderr.write(_scrub("".join(traceback.format_exception(kind, error, trace))))


def protect_secret(secret: str) -> None:
    """Scrub `secret` from every log record created from now on, and from every
    uncaught exception printed on the console."""
    global _hooks_installed
    if secret:
        _secrets.add(secret)
    if _hooks_installed:
        return
    sys.excepthook = _print_scrubbed
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        _scrub_record(record)
        return record

    logging.setLogRecordFactory(factory)
    _hooks_installed = True


BOOTSTRAP_FAILURE = "Network Retry Loop (Bootstrap"
"""How python-telegram-bot's log lines begin when its first calls at start fail
(getMe, deleteWebhook, setWebhook)."""


def _not_a_failed_start(record: logging.LogRecord) -> bool:
    """PTB logs a failed start with its traceback, then raises; `python -m bot` turns the
    error into one line for the operator, so the traceback only repeats it, at length."""
    return not (
        record.levelno >= logging.ERROR and record.getMessage().startswith(BOOTSTRAP_FAILURE)
    )


def configure_logging(level: str) -> None:
    """At DEBUG, everything PTB logs is shown, a failed start's traceback included."""
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
        for handler in logging.getLogger().handlers:
            handler.addFilter(_not_a_failed_start)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
