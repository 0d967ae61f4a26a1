"""The token never reaches a log line, wherever it is logged from."""

from __future__ import annotations

import logging

import pytest

from bot.core.logging_setup import REDACTED, protect_secret

SECRET = "987654321:SECRET-token-abcdefghijklmnopqrstu"


def test_token_is_scrubbed_from_messages_arguments_and_tracebacks(
    caplog: pytest.LogCaptureFixture,
) -> None:
    protect_secret(SECRET)
    log = logging.getLogger("httpx")
    with caplog.at_level(logging.INFO):
        log.info("HTTP Request: POST https://api.telegram.org/bot%s/getMe", SECRET)
        try:
            raise RuntimeError(f"failed calling /bot{SECRET}/sendMessage")
        except RuntimeError:
            logging.getLogger("bot").exception("request failed")
    assert SECRET not in caplog.text
    assert caplog.text.count(REDACTED) == 2
