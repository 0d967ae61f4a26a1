"""The fake Bot API server as a bench runs it: in its own process, with control routes.

Besides the Bot API (`/bot<token>/<method>`, served by `tests.fake_bot_api`), the
same aiohttp app answers `/_bench/*` routes:

- `POST /_bench/offer`  `{"updates": [...], "rate": null | float}` -> `{"batch": id}`:
  offer every update at once, or at a steady rate on this process's own timer;
- `POST /_bench/wait`   `{"batch": id, "timeout": s}` -> the batch's figures, once
  every update in it is answered or the timeout passes;
- `GET  /_bench/stats`  -> per-method counts, 429s and anomalies.

The process ends when the parent closes the pipe it was started with.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import random
import time
from multiprocessing.connection import Connection
from typing import Any

from aiohttp import web

from bench.options import ServerOptions
from bench.process import serve_until_stopped
from bench.ratelimit import RateLimiter
from bench.tracker import Batch, MessageKey, ReplyTracker
from tests.fake_bot_api import FakeBotApi, FakeUser

FALLBACK_DATA = "press"


class BenchServer:
    def __init__(self, options: ServerOptions) -> None:
        self.options = options
        self.api = FakeBotApi()
        self.tracker = ReplyTracker(options.reply_methods)
        self.api.observers.append(self.tracker.observe)
        self.limiter = RateLimiter(options.rate_limit) if options.rate_limit else None
        if self.limiter is not None:
            self.api.fault_hooks.append(self.limiter)
        self._rng = random.Random(options.seed)
        self._users: dict[int, FakeUser] = {}
        self._offering: set[asyncio.Task[None]] = set()
        self._runner: web.AppRunner | None = None

    async def start(self) -> str:
        app = self.api.web_app()
        app.router.add_post("/_bench/offer", self._route_offer)
        app.router.add_post("/_bench/wait", self._route_wait)
        app.router.add_get("/_bench/stats", self._route_stats)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.options.host, 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return f"http://{self.options.host}:{port}"

    async def stop(self) -> None:
        for task in self._offering:
            task.cancel()
        if self._runner is not None:
            await self._runner.cleanup()

    # -- offering ----------------------------------------------------------------------

    def _user(self, user_id: int) -> FakeUser:
        return self._users.setdefault(user_id, FakeUser(user_id, f"User{user_id}"))

    def _inject(self, action: dict[str, Any]) -> MessageKey | None:
        """Turn one action into an update; says which message a press targets."""
        user = self._user(int(action["user"]))
        if not action.get("press"):
            self.api.inject_message(user, str(action["text"]))
            return None
        message_id = self.tracker.press_target(user.id)
        message = self.api.messages.get((user.id, message_id or 0), {})
        label = action.get("label")
        buttons = [
            button
            for row in message.get("reply_markup", {}).get("inline_keyboard", [])
            for button in row
            if "callback_data" in button and (label is None or label in button["text"])
        ]
        data = (
            self._rng.choice(buttons)["callback_data"]
            if buttons
            else action.get("data") or FALLBACK_DATA
        )
        self.api.inject_callback(user, data, message_id)
        return (user.id, message_id) if message_id is not None else None

    def _offer_now(self, batch: Batch, actions: list[dict[str, Any]]) -> None:
        """Inject without yielding, then stamp: getUpdates sees them all from that moment."""
        pressed = [self._inject(action) for action in actions]
        at = time.monotonic()
        for action, key in zip(actions, pressed, strict=True):
            self.tracker.offered(batch, int(action["user"]), at, key)

    async def _offer_steadily(
        self, batch: Batch, actions: list[dict[str, Any]], rate: float
    ) -> None:
        """Offer on an absolute schedule, so a late tick is caught up rather than drifting."""
        loop = asyncio.get_running_loop()
        start = loop.time()
        for index, action in enumerate(actions):
            delay = start + index / rate - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            self._offer_now(batch, [action])

    # -- control routes ------------------------------------------------------------------

    async def _route_offer(self, request: web.Request) -> web.Response:
        body = await request.json()
        actions: list[dict[str, Any]] = body["updates"]
        rate = body.get("rate")
        # The one moment nothing is being timed: collect now, and leave the survivors
        # (every request recorded so far) out of later collections. See `serve`.
        gc.collect()
        gc.freeze()
        batch = self.tracker.new_batch(len(actions))
        if rate is None:
            self._offer_now(batch, actions)
        else:
            task = asyncio.create_task(self._offer_steadily(batch, actions, float(rate)))
            self._offering.add(task)
            task.add_done_callback(self._offering.discard)
        return web.json_response({"batch": batch.id})

    async def _route_wait(self, request: web.Request) -> web.Response:
        body = await request.json()
        batch = self.tracker.batches[int(body["batch"])]
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(batch.done.wait(), float(body["timeout"]))
        return web.json_response(batch.summary())

    async def _route_stats(self, request: web.Request) -> web.Response:
        stats = self.tracker.summary()
        stats["rate_limited"] = self.limiter.rejected if self.limiter else 0
        stats["now"] = time.monotonic()
        return web.json_response(stats)


def serve(options: ServerOptions, conn: Connection) -> None:
    """The server process's entry point: report the URL on `conn`, run until told to stop.

    The server is the measuring instrument, and a garbage-collection pause here would
    be counted as the bot's latency; with every request recorded, the heap grows and
    full collections take tens of milliseconds. So automatic collection is off, and
    the server collects between batches instead.
    """
    gc.disable()
    asyncio.run(_serve(options, conn))


async def _serve(options: ServerOptions, conn: Connection) -> None:
    server = BenchServer(options)
    url = await server.start()
    await serve_until_stopped(conn, url, options.max_lifetime)
    await server.stop()
