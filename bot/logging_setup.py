"""Logging that can never leak the bot token.

httpx logs every request URL, and the Bot API puts the token in the URL, so a filter
on the root handler scrubs the token from every record, whoever emitted it.
"""

from __future__ import annotations

import logging

REDACTED = "<token>"


class RedactTokenFilter(logging.Filter):
    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if any(secret in message for secret in self._secrets):
            for secret in self._secrets:
                message = message.replace(secret, REDACTED)
            record.msg, record.args = message, None
        if record.exc_info and record.exc_info[1] is not None:
            text = logging.Formatter().formatException(record.exc_info)
            for secret in self._secrets:
                text = text.replace(secret, REDACTED)
            record.exc_text, record.exc_info = text, None
        return True


def install_redaction(token: str) -> None:
    """Attach the filter to every root handler, so records from any logger are scrubbed."""
    redactor = RedactTokenFilter([token])
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)


def configure_logging(level: str, token: str) -> None:
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    install_redaction(token)
