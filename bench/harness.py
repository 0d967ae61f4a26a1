"""The orchestrator's side of a bench: the server process and how to drive it.

Every bench goes through `ServerProcess` (and `bench.bot_process.BotProcess`), so
they all measure the same way: updates are offered and replies timed inside the
server process with one clock, while the bot runs in a process of its own exactly
as `python -m bot` runs it. The orchestrator only sends a few control requests.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import aiohttp

from bench.options import ServerOptions
from bench.process import Child, HarnessError
from bench.server import serve
from bench.stats import BatchResult
from bench.workload import UserAction, as_json


class ServerProcess:
    """The fake Bot API server in a spawned process, reachable on a loopback port."""

    def __init__(self, options: ServerOptions | None = None) -> None:
        self.options = options or ServerOptions()
        self.url = ""
        self._child = Child("fake Bot API server", serve, self.options)
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> ServerProcess:
        self.url = str(await self._child.start())
        self._session = aiohttp.ClientSession(base_url=self.url)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._session is not None:
            await self._session.close()
        await self._child.stop()

    async def _call(self, method: str, route: str, body: Any = None, within: float = 30) -> Any:
        if self._session is None:
            raise HarnessError("the server process is not running")
        async with self._session.request(
            method, f"/_bench/{route}", json=body, timeout=aiohttp.ClientTimeout(total=within)
        ) as response:
            response.raise_for_status()
            return await response.json()

    async def offer(self, actions: Sequence[UserAction], rate: float | None = None) -> int:
        """Offer updates (all at once, or `rate` per second); returns the batch id."""
        body = {"updates": [as_json(action) for action in actions], "rate": rate}
        return int((await self._call("POST", "offer", body))["batch"])

    async def wait(self, batch: int, within: float) -> BatchResult:
        """The batch's figures once every update is answered, or when `within` s pass."""
        body = {"batch": batch, "timeout": within}
        return BatchResult.from_json(await self._call("POST", "wait", body, within + 30))

    async def run(self, actions: Sequence[UserAction], rate: float | None = None) -> BatchResult:
        """Offer, wait with a timeout sized to the batch, and insist every update is answered."""
        within = 30 + len(actions) / (rate or 100)
        result = await self.wait(await self.offer(actions, rate), within)
        if not result.complete:
            raise HarnessError(
                f"only {result.replied} of {result.total} updates were answered "
                f"within {within:.0f}s; stats: {await self.stats()}"
            )
        return result

    async def stats(self) -> dict[str, Any]:
        return dict(await self._call("GET", "stats"))
