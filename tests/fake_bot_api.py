"""A fake Telegram Bot API server that speaks real HTTP.

The bot under test talks to it exactly as it would talk to Telegram (or a self-hosted
Bot API server): `getUpdates` long polling, form-encoded and multipart requests, and
Telegram's error shapes for the cases we care about (unknown message, "message is not
modified", stale callback queries, blocked users). Tests inject updates, then wait for
and inspect what the bot sent. The benchmarks run the same server in its own process.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import random
import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from aiohttp import web

T = TypeVar("T")

BOT_ID = 700000001
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "Cramp Bot", "username": "cramp_bot"}
JSON_FIELDS = {
    "reply_markup",
    "commands",
    "entities",
    "caption_entities",
    "scope",
    "link_preview_options",
    "reply_parameters",
    "allowed_updates",
    "media",
}
_TAG = re.compile(r"<[^>]+>")


@dataclass
class Recorded:
    method: str
    params: dict[str, Any]
    at: float
    files: dict[str, bytes] = field(default_factory=dict)
    result: Any = None
    file_names: dict[str, str] = field(default_factory=dict)
    error: str | None = None

    @property
    def message_id(self) -> int:
        """The id Telegram gave the message this request sent."""
        return int(self.result["message_id"])

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def buttons(self) -> list[list[dict[str, Any]]]:
        markup = self.params.get("reply_markup") or {}
        return markup.get("inline_keyboard", [])

    def button(self, label_part: str) -> dict[str, Any]:
        for row in self.buttons:
            for button in row:
                if label_part in button["text"]:
                    return button
        raise AssertionError(f"no button with {label_part!r} in {self.button_labels}")

    @property
    def button_labels(self) -> list[str]:
        return [button["text"] for row in self.buttons for button in row]


@dataclass
class FakeUser:
    id: int
    first_name: str = "Test"
    language_code: str = "en"

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "is_bot": False,
            "first_name": self.first_name,
            "language_code": self.language_code,
        }


class TelegramFault(Exception):
    """Raised by a fault hook to make the server answer with a Bot API error."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after


class Fault(StrEnum):
    """What can go wrong with one request, as Telegram's side of the wire sees it."""

    RETRY_AFTER = "429"
    """Flood control: refused, with `retry_after`; not acted on."""
    SERVER_ERROR = "500"
    """An internal error: not acted on."""
    DROP = "drop"
    """The connection is closed before the request is acted on, without an answer."""
    SLOW = "slow"
    """Acted on (the message is stored), but the answer comes late."""


@dataclass
class FaultPlan:
    """Faults `rate` of the requests to `methods`, drawn from `kinds` by a seeded RNG."""

    rate: float
    kinds: tuple[Fault, ...] = tuple(Fault)
    seed: int = 0
    methods: frozenset[str] = frozenset({"sendMessage"})
    slow_seconds: float = 0.03
    retry_after: int = 1
    limit: int | None = None
    """At most this many faults in all (None: no limit)."""
    injected: Counter[Fault] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def draw(self, method: str) -> Fault | None:
        if method not in self.methods or self._rng.random() >= self.rate:
            return None
        if self.limit is not None and self.injected.total() >= self.limit:
            return None
        fault = self._rng.choice(self.kinds)
        self.injected[fault] += 1
        return fault


class _Dropped(Exception):
    """The connection is to be closed without an answer."""


class FakeBotApi:
    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self.blocked_chats: set[int] = set()
        self.fault_hooks: list[Callable[[str, dict[str, Any]], None]] = []
        # Called with each answered request (not getUpdates), its result or error set.
        self.observers: list[Callable[[Recorded], None]] = []
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        # The bot's description texts, as set*Description left them (Telegram keeps them).
        self.profile: dict[str, str] = {}
        # getMyStarBalance's answer, in whole Stars.
        self.star_balance = 0
        self._pending_updates: list[dict[str, Any]] = []
        self._replays: list[dict[str, Any]] = []
        self._open_queries: set[str] = set()
        self._update_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count] = {}
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._released = False
        self.url = ""
        self.fault_plan: FaultPlan | None = None
        # sendMessage calls acted on (the message stored), per chat: "received exactly once".
        self.acted: Counter[int] = Counter()
        self.held = 0
        self._withhold_from: int | None = None
        self._answers_released = asyncio.Event()
        self._slow_methods: dict[str, asyncio.Event] = {}

    # -- lifecycle ---------------------------------------------------------------------

    def web_app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        self._runner = web.AppRunner(self.web_app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        sockets = site._server.sockets  # type: ignore[union-attr]
        self.url = f"http://{host}:{sockets[0].getsockname()[1]}"
        return self.url

    async def stop(self) -> None:
        """Open long polls (a killed child's, say) are answered at once: the server's
        shutdown waits for every request in progress."""
        self.answer_held()
        self.release_polls()
        for method in list(self._slow_methods):
            self.release_answers_to(method)
        if self._runner is not None:
            await self._runner.cleanup()

    # -- injecting updates ----------------------------------------------------------

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def _chat(self, user: FakeUser) -> dict[str, Any]:
        return {"id": user.id, "type": "private", "first_name": user.first_name}

    def _enqueue(self, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), **payload}
        self._pending_updates.append(update)
        self._notify()
        return update

    def inject_message(
        self, user: FakeUser, text: str, chat: dict[str, Any] | None = None, **extra: Any
    ) -> dict[str, Any]:
        chat = chat or self._chat(user)
        message: dict[str, Any] = {
            "message_id": self._next_message_id(chat["id"]),
            "date": int(time.time()),
            "chat": chat,
            "from": user.as_json(),
            "text": text,
            **extra,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message.setdefault(
                "entities", [{"type": "bot_command", "offset": 0, "length": len(command)}]
            )
        key = "channel_post" if chat.get("type") == "channel" else "message"
        if key == "channel_post":
            message.pop("from")
        return self._enqueue({key: message})

    def inject_callback(
        self,
        user: FakeUser,
        data: str,
        message_id: int | None = None,
        chat: dict[str, Any] | None = None,
    ) -> str:
        """Press a button; message_id None means a message the bot never sent."""
        chat = chat or self._chat(user)
        query_id = f"q{next(self._query_ids)}"
        stored = self.messages.get((chat["id"], message_id or 0))
        message = (
            dict(stored)
            if stored
            else {
                "message_id": message_id or 999999,
                "date": int(time.time()),
                "chat": chat,
                "from": BOT_USER,
                "text": "an old message",
            }
        )
        self._open_queries.add(query_id)
        self._enqueue(
            {
                "callback_query": {
                    "id": query_id,
                    "from": user.as_json(),
                    "chat_instance": str(chat["id"]),
                    "message": message,
                    "data": data,
                }
            }
        )
        return query_id

    def redeliver(self, update: dict[str, Any]) -> None:
        """Deliver `update` again, same `update_id`, as Telegram does when its answer to
        the first delivery came back late (whatever offset the bot has confirmed)."""
        self._replays.append(update)
        self._notify()

    def withhold_answers(self, after: int) -> None:
        """Act on every sendMessage, but from the `after`-th one acted on (counting all so
        far) hold back the answers until `answer_held` (the bot sees slow answers)."""
        self._withhold_from = after
        self._answers_released.clear()

    def answer_held(self) -> None:
        """Stop withholding; held answers go out (to a killed bot: nowhere)."""
        self._withhold_from = None
        self.held = 0
        self._answers_released.set()

    def hold_answers_to(self, method: str) -> None:
        """Act on every `method` call at once, but keep its answer back until
        `release_answers_to(method)`: a Telegram slow to answer that one method."""
        self._slow_methods[method] = asyncio.Event()

    def release_answers_to(self, method: str) -> None:
        self._slow_methods.pop(method).set()

    def release_polls(self, released: bool = True) -> None:
        """Answer long polls at once (while a bot shuts down), or stop doing so."""
        self._released = released
        self._notify()

    # -- waiting and inspecting -----------------------------------------------------

    def _notify(self) -> None:
        async def notify() -> None:
            async with self._changed:
                self._changed.notify_all()

        asyncio.get_running_loop().create_task(notify())

    async def wait_for(
        self, predicate: Callable[[Recorded], bool], since: int = 0, within: float = 5.0
    ) -> Recorded:
        """The first request from index `since` on that satisfies `predicate`."""

        def first() -> Recorded | None:
            return next((r for r in self.requests[since:] if predicate(r)), None)

        def failure() -> str:
            seen = [(r.method, r.chat_id, r.text[:60]) for r in self.requests[since:]]
            return f"no matching request within {within}s; saw {seen}"

        return await self._wait(first, within, failure)

    async def wait_until(self, condition: Callable[[], bool], within: float = 5.0) -> None:
        """Wait until `condition` holds, checking it whenever a request comes or goes."""
        await self._wait(
            lambda: True if condition() else None,
            within,
            lambda: f"condition not met within {within}s",
        )

    async def _wait(
        self, check: Callable[[], T | None], within: float, failure: Callable[[], str]
    ) -> T:
        """Re-run `check` on every change at the server until it gives a result."""
        deadline = asyncio.get_running_loop().time() + within
        async with self._changed:
            while (result := check()) is None:
                remaining = deadline - asyncio.get_running_loop().time()
                if remaining <= 0:
                    raise AssertionError(failure())
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), remaining)
            return result

    def add_bot_message(self, chat_id: int, text: str) -> int:
        """A message the bot sent earlier (before this server started): its id."""
        return int(self._store(chat_id, {"text": text})["message_id"])

    def calls(self, method: str, chat_id: int | None = None, since: int = 0) -> list[Recorded]:
        return [
            r
            for r in self.requests[since:]
            if r.method == method and (chat_id is None or r.chat_id == chat_id) and not r.error
        ]

    def sent_to(self, chat_id: int, since: int = 0) -> list[Recorded]:
        """Messages the bot sent (not edits) to one chat."""
        return [
            r
            for r in self.requests[since:]
            if r.chat_id == chat_id
            and not r.error
            and r.method in {"sendMessage", "sendDocument", "sendPhoto"}
        ]

    # -- the Bot API ----------------------------------------------------------------

    async def _params(self, request: web.Request) -> tuple[dict[str, Any], dict[str, bytes]]:
        params: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        if request.content_type == "application/json":
            params = await request.json()
        elif request.content_type == "multipart/form-data":
            reader = await request.multipart()
            async for part in reader:
                if part.filename:  # type: ignore[union-attr]
                    files[part.name] = await part.read()  # type: ignore[union-attr,assignment]
                    params.setdefault("_file_names", {})[part.name] = part.filename  # type: ignore[union-attr]
                else:
                    params[part.name] = await part.text()  # type: ignore[union-attr]
        else:
            params = dict(await request.post()) | dict(request.query)
        for key in JSON_FIELDS & params.keys():
            if isinstance(params[key], str):
                params[key] = json.loads(params[key])
        return params, files

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params, files = await self._params(request)
        record = Recorded(
            method, params, time.monotonic(), files, file_names=params.pop("_file_names", {})
        )
        if method != "getUpdates":
            self.requests.append(record)
        plan = self.fault_plan
        fault = plan.draw(method) if plan else None
        try:
            if fault is Fault.RETRY_AFTER:
                assert plan is not None
                raise TelegramFault(
                    429,
                    f"Too Many Requests: retry after {plan.retry_after}",
                    retry_after=plan.retry_after,
                )
            if fault is Fault.SERVER_ERROR:
                raise TelegramFault(500, "Internal Server Error")
            if fault is Fault.DROP:
                raise _Dropped
            for hook in self.fault_hooks:
                hook(method, params)
            handler = getattr(self, f"api_{method}", None)
            if handler is None:
                raise TelegramFault(404, "Not Found")
            record.result = await handler(params, files)
        except TelegramFault as fault:
            record.error = fault.description
            body: dict[str, Any] = {
                "ok": False,
                "error_code": fault.code,
                "description": fault.description,
            }
            if fault.retry_after is not None:
                body["parameters"] = {"retry_after": fault.retry_after}
            return web.json_response(body, status=fault.code)
        except _Dropped:
            record.error = "connection dropped"
            assert request.transport is not None
            request.transport.close()
            return web.Response()  # never reaches the client
        finally:
            if method != "getUpdates":
                for observe in self.observers:
                    observe(record)
                self._notify()
        if fault is Fault.SLOW:
            assert plan is not None
            await asyncio.sleep(plan.slow_seconds)
        withholding = self._withhold_from is not None and method == "sendMessage"
        if withholding and self.acted.total() >= self._withhold_from:  # type: ignore[operator]
            self.held += 1
            self._notify()
            await self._answers_released.wait()
        slow = self._slow_methods.get(method)
        if slow is not None:
            await slow.wait()
        return web.json_response({"ok": True, "result": record.result})

    def _check_reachable(self, chat_id: int) -> None:
        if chat_id in self.blocked_chats:
            raise TelegramFault(403, "Forbidden: bot was blocked by the user")

    def _store(self, chat_id: int, content: dict[str, Any]) -> dict[str, Any]:
        message = {
            "message_id": self._next_message_id(chat_id),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
            "from": BOT_USER,
            **content,
        }
        self.messages[(chat_id, message["message_id"])] = message
        return message

    @staticmethod
    def _visible(params: dict[str, Any]) -> dict[str, Any]:
        text = params.get("text", "")
        if params.get("parse_mode") == "HTML":
            text = html.unescape(_TAG.sub("", text))
        content: dict[str, Any] = {"text": text}
        markup = params.get("reply_markup")
        if markup and "inline_keyboard" in markup:
            # Like Telegram: a message carries only an inline keyboard; reply keyboards
            # and their removal belong to the chat, not the message.
            content["reply_markup"] = markup
        return content

    async def api_getMe(self, params: dict, files: dict) -> dict:
        return BOT_USER

    async def api_getMyStarBalance(self, params: dict, files: dict) -> dict:
        """The bot's Stars (`star_balance`, whole Stars); a paid broadcast's sends
        (`allow_paid_broadcast`) do not spend them here."""
        return {"amount": self.star_balance, "nanostar_amount": 0}

    async def api_getUpdates(self, params: dict, files: dict) -> list[dict]:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = min(float(params.get("timeout") or 0), 1.0)
        self._pending_updates = [u for u in self._pending_updates if u["update_id"] >= offset]
        if not (self._pending_updates or self._replays) and timeout > 0:
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._changed.wait_for(
                            lambda: bool(self._pending_updates or self._replays) or self._released
                        ),
                        timeout,
                    )
        replays, self._replays = self._replays, []
        return replays + self._pending_updates[: max(limit - len(replays), 0)]

    async def api_sendMessage(self, params: dict, files: dict) -> dict:
        chat_id = int(params["chat_id"])
        self._check_reachable(chat_id)
        self.acted[chat_id] += 1
        return self._store(chat_id, self._visible(params))

    async def api_editMessageText(self, params: dict, files: dict) -> dict:
        key = (int(params["chat_id"]), int(params["message_id"]))
        message = self.messages.get(key)
        if message is None:
            raise TelegramFault(400, "Bad Request: message to edit not found")
        content = self._visible(params)
        if content["text"] == message.get("text") and content.get("reply_markup") == message.get(
            "reply_markup"
        ):
            raise TelegramFault(
                400,
                "Bad Request: message is not modified: specified new message content "
                "and reply markup are exactly the same as a current content and reply markup "
                "of the message",
            )
        message.pop("reply_markup", None)
        message.update(content, edit_date=int(time.time()))
        return message

    async def api_editMessageReplyMarkup(self, params: dict, files: dict) -> dict:
        key = (int(params["chat_id"]), int(params["message_id"]))
        message = self.messages.get(key)
        if message is None:
            raise TelegramFault(400, "Bad Request: message to edit not found")
        message.pop("reply_markup", None)
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    async def api_deleteMessage(self, params: dict, files: dict) -> bool:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if self.messages.pop(key, None) is None:
            raise TelegramFault(400, "Bad Request: message to delete not found")
        return True

    async def _send_file(self, params: dict, files: dict, kind: str) -> dict:
        chat_id = int(params["chat_id"])
        self._check_reachable(chat_id)
        name = next(iter(files), kind)
        content: dict[str, Any] = {
            kind: {
                "file_id": f"{kind}-{len(self.requests)}",
                "file_unique_id": "u",
                "file_size": len(files.get(name, b"")),
            }
            if kind == "document"
            else [
                {
                    "file_id": f"photo-{len(self.requests)}",
                    "file_unique_id": "u",
                    "width": 800,
                    "height": 400,
                }
            ],
        }
        if params.get("caption"):
            content["caption"] = params["caption"]
        return self._store(chat_id, content)

    async def api_sendDocument(self, params: dict, files: dict) -> dict:
        return await self._send_file(params, files, "document")

    async def api_sendPhoto(self, params: dict, files: dict) -> dict:
        return await self._send_file(params, files, "photo")

    async def api_answerCallbackQuery(self, params: dict, files: dict) -> bool:
        query_id = params["callback_query_id"]
        if query_id not in self._open_queries:
            raise TelegramFault(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        self._open_queries.discard(query_id)
        return True

    async def _true(self, params: dict, files: dict) -> bool:
        return True

    async def api_getMyDescription(self, params: dict, files: dict) -> dict:
        return {"description": self.profile.get("description", "")}

    async def api_getMyShortDescription(self, params: dict, files: dict) -> dict:
        return {"short_description": self.profile.get("short_description", "")}

    async def api_setMyDescription(self, params: dict, files: dict) -> bool:
        self.profile["description"] = params.get("description") or ""
        return True

    async def api_setMyShortDescription(self, params: dict, files: dict) -> bool:
        self.profile["short_description"] = params.get("short_description") or ""
        return True

    api_setMyCommands = _true
    api_deleteMyCommands = _true
    api_deleteWebhook = _true
    api_setWebhook = _true
    api_close = _true
    api_logOut = _true
    api_sendChatAction = _true
