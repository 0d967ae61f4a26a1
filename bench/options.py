"""What the fake-server process is told at start; plain frozen data, so it pickles.

Both sides of the process boundary import this module, so it must stay free of
aiohttp and python-telegram-bot imports.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})


@dataclass(frozen=True)
class RateLimit:
    """Telegram's flood control: past `limit` calls in `window` seconds, answer 429.

    The default is the documented 30 messages per second to different chats, which
    the daily-tip delivery has to stay under.
    """

    limit: int = 30
    window: float = 1.0
    retry_after: int = 1
    methods: frozenset[str] = SEND_METHODS


@dataclass(frozen=True)
class ServerOptions:
    """Extend with new fields (and defaults that change nothing) as benches need them."""

    host: str = "127.0.0.1"
    seed: int = 7
    # Requests that count as "the bot's reply" to an update from the same chat.
    reply_methods: frozenset[str] = field(
        default_factory=lambda: frozenset({"sendMessage", "editMessageText"})
    )
    rate_limit: RateLimit | None = None
    # A watchdog: the process exits after this long whatever happens to its parent.
    max_lifetime: float = 900.0

    def __post_init__(self) -> None:
        """A bench floods whatever it listens on, so it listens on loopback only."""
        if not ipaddress.ip_address(self.host).is_loopback:
            raise ValueError(f"the bench server must listen on loopback, not {self.host}")
