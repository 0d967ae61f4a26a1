"""The fuzz suite's stand-in for Telegram's own checks must refuse what Telegram refuses."""

from __future__ import annotations

import pytest

from tests.fake_bot_api import TelegramFault
from tests.telegram_rules import enforce, html_problem


@pytest.mark.parametrize(
    "text",
    ["plain", "<b>bold</b> &amp; <i>it</i>", '<a href="https://x.org">x</a>', "1 &lt; 2 > 0"],
)
def test_valid_html_passes(text: str) -> None:
    assert html_problem(text) is None


@pytest.mark.parametrize("text", ["1 < 2", "A & B", "<b>open", "<b>x</i>", "<script>x</script>"])
def test_broken_html_is_refused(text: str) -> None:
    assert html_problem(text) is not None
    with pytest.raises(TelegramFault, match="can't parse entities"):
        enforce("sendMessage", {"text": text, "parse_mode": "HTML"})


def test_limits_count_what_the_user_sees() -> None:
    enforce("sendMessage", {"text": "<b>" + "x" * 4096 + "</b>", "parse_mode": "HTML"})
    with pytest.raises(TelegramFault, match="too long"):
        enforce("sendMessage", {"text": "😀" * 2049})  # 4,098 UTF-16 units
    with pytest.raises(TelegramFault, match="MESSAGE_TOO_LONG"):
        enforce("answerCallbackQuery", {"callback_query_id": "q1", "text": "x" * 201})
    with pytest.raises(TelegramFault, match="empty"):
        enforce("editMessageText", {"text": "<b> </b>", "parse_mode": "HTML"})
