"""Child processes a bench can always get rid of, with a ready handshake over a pipe.

The server and the bot each run in a spawned process so that neither shares an
event loop, a GIL or a heap (and its garbage collections) with the other or with
the orchestrator. A child reports ready by sending one payload, then runs until the
parent says stop, the parent goes away (the pipe closes), or its lifetime runs out.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

START_TIMEOUT = 60.0
STOP_TIMEOUT = 5.0


class HarnessError(RuntimeError):
    """The bench could not run as planned (as opposed to a missed target)."""


class Child:
    """The parent's handle on one spawned process."""

    def __init__(self, name: str, target: Callable[..., None], *args: Any) -> None:
        self.name = name
        context = multiprocessing.get_context("spawn")
        self._conn, child_conn = context.Pipe()
        self._process = context.Process(
            target=target, args=(*args, child_conn), name=name, daemon=True
        )

    async def start(self) -> Any:
        """Start the process and return what it sent when it became ready."""
        self._process.start()
        loop = asyncio.get_running_loop()
        ready = await loop.run_in_executor(None, self._conn.poll, START_TIMEOUT)
        try:
            if not ready:
                raise HarnessError(f"the {self.name} process was not ready in {START_TIMEOUT}s")
            return self._conn.recv()
        except (EOFError, HarnessError) as exc:
            await self.stop()
            raise HarnessError(f"the {self.name} process did not start: {exc}") from None

    async def ask(self, question: Any) -> Any:
        """Send a question the child's `answer` (see `serve_until_stopped`) replies to."""

        def exchange() -> Any:
            self._conn.send(question)
            if not self._conn.poll(START_TIMEOUT):
                raise HarnessError(f"the {self.name} process did not answer {question!r}")
            return self._conn.recv()

        return await asyncio.get_running_loop().run_in_executor(None, exchange)

    async def stop(self) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self._end)

    def _end(self) -> None:
        """Ask over the pipe; escalate to SIGTERM, then SIGKILL."""
        with contextlib.suppress(OSError):
            self._conn.send("stop")
        self._conn.close()
        self._process.join(STOP_TIMEOUT)
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(STOP_TIMEOUT)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()


async def serve_until_stopped(
    conn: Connection,
    ready: Any,
    max_lifetime: float,
    answer: Callable[[Any], Any] | None = None,
) -> None:
    """The child's side: report ready, then wait for the parent or the end of the lifetime.

    Anything the parent sends other than "stop" is a question: `answer(question)` is sent
    back, computed in the watching thread (so it must be safe to call from there).
    """
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()

    def watch_parent() -> None:
        with contextlib.suppress(EOFError, OSError):
            while (question := conn.recv()) != "stop" and answer is not None:
                conn.send(answer(question))
        with contextlib.suppress(RuntimeError):  # the loop may be closed already
            loop.call_soon_threadsafe(stopped.set)

    conn.send(ready)
    threading.Thread(target=watch_parent, daemon=True).start()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stopped.wait(), max_lifetime)
