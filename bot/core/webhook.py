"""Taking updates by webhook: a small aiohttp server in front of `application.update_queue`.

python-telegram-bot's `run_webhook` builds a Tornado server that reads a body of up to
100 MB before it checks the secret, and offers no option for either. This follows PTB's
documented custom-webhook pattern instead: the server refuses a request without the
secret header, or with a body over `MAX_BODY_BYTES`, before reading any of the body, and
puts each good update on the application's queue.

The run itself mirrors `Application.run_webhook`: start-up steps one by one on a loop,
then `run_forever` until SIGTERM or SIGINT, so `Application.stop_running` (the heartbeat's
way out) stops it the same way, and the same shutdown steps follow.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import signal

from aiohttp import web
from telegram import Update

from bot.config import Config
from bot.context import BotApplication

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 256 * 1024
"""Telegram's largest updates (a 4096-character message with entities, quoting another)
are a few tens of kilobytes."""
SHUTDOWN_SECONDS = 2.0
"""How long stopping the server waits for a request in progress: putting an update on
the queue takes no time, and the rest of shutdown needs `shutdown.GRACE_SECONDS`."""


def _refuse(status: int) -> web.Response:
    """The body is never read: the connection closes instead of draining it."""
    response = web.Response(status=status)
    response.force_close()
    return response


def webhook_app(application: BotApplication, path: str, secret: str) -> web.Application:
    async def receive(request: web.Request) -> web.Response:
        if not hmac.compare_digest(
            request.headers.get(SECRET_HEADER, "").encode(), secret.encode()
        ):
            return _refuse(403)
        if request.content_length is None:
            return _refuse(411)
        if request.content_length > MAX_BODY_BYTES:
            return _refuse(413)
        try:
            update = Update.de_json(json.loads(await request.read()), application.bot)
        except (ValueError, TypeError, KeyError):
            log.warning("webhook: a request with a body that is not an update was refused")
            return web.Response(status=400)
        await application.update_queue.put(update)
        return web.Response()

    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app.router.add_post(path or "/", receive)
    return app


class WebhookServer:
    def __init__(self, application: BotApplication, config: Config) -> None:
        self._runner = web.AppRunner(
            webhook_app(application, config.webhook_path, config.webhook_secret_value),
            access_log=None,
            shutdown_timeout=SHUTDOWN_SECONDS,
        )
        self._listen = config.webhook_listen
        self._port = config.port

    async def start(self) -> None:
        await self._runner.setup()
        await web.TCPSite(self._runner, self._listen, self._port).start()

    async def stop(self) -> None:
        await self._runner.cleanup()


def run_webhook(app: BotApplication, config: Config) -> None:
    """Blocks until SIGTERM or SIGINT (or `stop_running`), then shuts down as PTB does."""
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = WebhookServer(app, config)
    serving = False
    try:
        loop.run_until_complete(app.initialize())
        if app.post_init is not None:
            loop.run_until_complete(app.post_init(app))
        loop.run_until_complete(
            app.bot.set_webhook(
                url=config.webhook_url or "",
                secret_token=config.webhook_secret_value or None,
                drop_pending_updates=False,
            )
        )
        loop.run_until_complete(server.start())
        serving = True
        loop.run_until_complete(app.start())
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, loop.stop)
        loop.run_forever()
    finally:
        try:
            if serving:
                loop.run_until_complete(server.stop())
            if app.running:
                loop.run_until_complete(app.stop())
                if app.post_stop is not None:
                    loop.run_until_complete(app.post_stop(app))
            loop.run_until_complete(app.shutdown())
            if app.post_shutdown is not None:
                loop.run_until_complete(app.post_shutdown(app))
        finally:
            loop.close()
            asyncio.set_event_loop(None)
